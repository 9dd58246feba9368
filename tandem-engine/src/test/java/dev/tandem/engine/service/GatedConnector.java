package dev.tandem.engine.service;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.Page;
import dev.tandem.engine.ForwardingConnector;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector that can hold its reads at a gate (to keep a run in progress while a test acts), and
 * that records how many calls were in flight at once and whether it was closed.
 */
final class GatedConnector extends ForwardingConnector {
  private volatile CountDownLatch gate;
  final CountDownLatch held = new CountDownLatch(1);
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  volatile boolean closed;

  /** Calls in flight across every connector sharing it (several services on one store). */
  volatile AtomicInteger shared = new AtomicInteger();

  final AtomicInteger maxShared = new AtomicInteger();
  volatile long delayMillis;

  GatedConnector(Connector inner) {
    super(inner);
  }

  /** The next reads wait until {@link #open()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void open() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  private <T> T call(java.util.function.Supplier<T> work) {
    int n = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(n, Math::max);
    AtomicInteger all = shared;
    int m = all.incrementAndGet();
    maxShared.accumulateAndGet(m, Math::max);
    try {
      if (delayMillis > 0) {
        try {
          TimeUnit.MILLISECONDS.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      CountDownLatch g = gate;
      if (g != null) {
        held.countDown();
        try {
          if (!g.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return work.get();
    } finally {
      inFlight.decrementAndGet();
      all.decrementAndGet();
    }
  }

  @Override
  public Page scan(ObjectType type, String pageToken) {
    return call(() -> inner.scan(type, pageToken));
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    return call(() -> inner.changes(type, cursor));
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    return call(() -> inner.read(type, ids));
  }

  @Override
  public void close() {
    closed = true;
    super.close();
  }
}
