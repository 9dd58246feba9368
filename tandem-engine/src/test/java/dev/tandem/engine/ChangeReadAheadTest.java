package dev.tandem.engine;

import static dev.tandem.engine.Harness.CONTACT;
import static dev.tandem.engine.Harness.contact;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An incremental run asks A for its changes while it reads B's. */
class ChangeReadAheadTest {
  @TempDir Path dir;
  StateStore store;

  @BeforeEach
  void open() {
    store = StateStores.sqlite(dir.resolve("ahead.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Runs {@code before} at the start of each read of changes, and counts reads in flight. */
  static final class Watched extends ForwardingConnector {
    final AtomicInteger inFlight = new AtomicInteger();
    volatile Runnable before = () -> {};

    Watched(Connector inner) {
      super(inner);
    }

    @Override
    public Changes changes(ObjectType type, String cursor) {
      inFlight.incrementAndGet();
      try {
        before.run();
        return inner.changes(type, cursor);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new ConnectorException("the other side's read never started", false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("interrupted", false);
    }
  }

  private RunReport sync(Harness h, Watched a, Watched b) {
    return new SyncEngine(store, h.clock)
        .run(
            new SyncConnection(h.name, a, h.meterA, b, h.meterB, h.specs),
            RunOptions.DEFAULT,
            ProgressListener.NONE);
  }

  @Test
  void bothSidesAreReadAtOnce() {
    Harness h = new Harness(store, "ahead");
    Watched a = new Watched(h.ca);
    Watched b = new Watched(h.cb);
    String ada = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    assertThat(sync(h, a, b).status()).isEqualTo("completed");

    // Each side's read waits until the other side's has started: read one after the other, the
    // run would fail after ten seconds.
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch bStarted = new CountDownLatch(1);
    a.before =
        () -> {
          aStarted.countDown();
          await(bStarted);
        };
    b.before =
        () -> {
          bStarted.countDown();
          await(aStarted);
        };
    h.a.edit(CONTACT, ada, Map.of("phone", "+44 1"));
    RunReport r = sync(h, a, b);
    assertThat(r.status()).as("run status (%s)", r.error()).isEqualTo("completed");
    assertThat(r.total("updated.b")).isEqualTo(1);
    assertThat(h.byEmail(h.b, "ada@x.com").get("phone")).isEqualTo("+44 1");
  }

  @Test
  void aFailedReadOfBWaitsForAsReadBeforeTheRunEnds() {
    Harness h = new Harness(store, "fails");
    Watched a = new Watched(h.ca);
    Watched b = new Watched(h.cb);
    h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    assertThat(sync(h, a, b).status()).isEqualTo("completed");

    CountDownLatch aStarted = new CountDownLatch(1);
    AtomicBoolean aFinished = new AtomicBoolean();
    a.before =
        () -> {
          aStarted.countDown();
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          aFinished.set(true);
        };
    b.before =
        () -> {
          await(aStarted);
          throw new ConnectorException("app b refused the listing", false);
        };
    RunReport r = sync(h, a, b);
    assertThat(r.status()).isNotEqualTo("completed");
    assertThat(r.error()).contains("app b refused the listing");
    assertThat(aFinished).as("A's read ended before the run did").isTrue();
    assertThat(a.inFlight).hasValue(0);
  }
}
