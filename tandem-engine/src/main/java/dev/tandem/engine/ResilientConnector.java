package dev.tandem.engine;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.RateLimitedException;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a connector so that rate limits and passing faults do not fail a run: a 429 waits for the
 * app's {@code Retry-After} and retries; a transient failure (5xx, timeout, reset) of a read
 * retries with exponential backoff and jitter. A write is retried only after a rate limit, which
 * means the app did not apply it; after any other failure its outcome is unknown, so the engine
 * marks the items failing and lets crash recovery find out. An exhausted daily quota is not
 * retried: it ends the run so the connection can pause until the reset.
 */
public final class ResilientConnector extends ForwardingConnector {
  private static final Logger log = LoggerFactory.getLogger(ResilientConnector.class);
  static final int MAX_ATTEMPTS = 12;
  static final long MAX_BACKOFF_MS = 30_000;

  private final String name;
  private final Retry reads;
  private final Retry writes;

  public ResilientConnector(Connector inner, String name) {
    super(inner);
    this.name = name;
    this.reads = retry(name + "-reads", ResilientConnector::retryableRead);
    this.writes = retry(name + "-writes", ResilientConnector::rateLimited);
  }

  private Retry retry(String retryName, Predicate<Throwable> when) {
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(MAX_ATTEMPTS)
            .retryOnException(when)
            .intervalBiFunction(
                (IntervalBiFunction<Object>)
                    (attempt, outcome) -> {
                      Throwable t = outcome.isLeft() ? outcome.getLeft() : null;
                      long wait = waitMillis(attempt, t);
                      log.info(
                          "{}: {}; retrying in {} ms (attempt {} of {})",
                          name,
                          t == null ? "retry" : t.getMessage(),
                          wait,
                          attempt + 1,
                          MAX_ATTEMPTS);
                      return wait;
                    })
            .build();
    return Retry.of(retryName, config);
  }

  static long waitMillis(int attempt, Throwable t) {
    if (t instanceof RateLimitedException r && r.retryAfter() != null) {
      return Math.max(1, r.retryAfter().toMillis());
    }
    long base = Math.min(MAX_BACKOFF_MS, 200L << Math.min(attempt - 1, 20));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private static boolean rateLimited(Throwable t) {
    return t instanceof RateLimitedException r && !r.daily();
  }

  private static boolean retryableRead(Throwable t) {
    if (t instanceof CursorExpiredException) {
      return false;
    }
    return rateLimited(t)
        || (t instanceof ConnectorException c
            && c.isTransient()
            && !(t instanceof RateLimitedException));
  }

  private <T> T read(Supplier<T> call) {
    return Retry.decorateSupplier(reads, call).get();
  }

  @Override
  public Schema schema(ObjectType type) {
    return read(() -> inner.schema(type));
  }

  @Override
  public Page scan(ObjectType type, String pageToken) {
    return read(() -> inner.scan(type, pageToken));
  }

  @Override
  public String currentCursor(ObjectType type) {
    return read(() -> inner.currentCursor(type));
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    return read(() -> inner.changes(type, cursor));
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    return read(() -> inner.read(type, ids));
  }

  @Override
  public List<Record> find(ObjectType type, String field, List<String> values) {
    return read(() -> inner.find(type, field, values));
  }

  @Override
  public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    return Retry.decorateSupplier(writes, () -> inner.write(type, ops)).get();
  }
}
