package dev.tandem.connector.memory;

import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.RateLimitedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Faults a {@link MemoryApp} injects into the API calls of its connectors, for tests of retries,
 * rate limits, crash recovery and per-item errors. Every setter returns this, so faults chain:
 * {@code app.faults().seed(7).failRate(0.1).rateLimitNext(2, Duration.ofMillis(10))}.
 *
 * <p>A call that fails this way fails before the app applies anything, as a real API does when it
 * refuses a request; only {@link #crashAfterCall} and {@link #loseAnswerOfCall} apply the call and
 * then lose the answer. Faults count the API calls of every connector of the app ({@code scan},
 * {@code changes}, {@code read}, {@code find}, {@code write}), not the test methods on {@link
 * MemoryApp}.
 */
public final class Faults {
  private final String appName;
  private Random random = new Random(42);
  private double failRate;
  private double rateLimitRate;
  private Duration rateLimitRetryAfter = Duration.ofSeconds(1);
  private int failNext;
  private int rateLimitNext;
  private Duration rateLimitNextRetryAfter = Duration.ofSeconds(1);
  private int crashCountdown;
  private boolean crashAfter;
  private boolean loseAnswer;
  private long callsSinceArmed;
  private long expireBefore = Long.MIN_VALUE;
  private final List<Rejection> rejections = new ArrayList<>();

  private record Rejection(Predicate<Map<String, String>> when, String reason) {}

  Faults(String appName) {
    this.appName = appName;
  }

  /** Seeds the random choice of failing calls, so a run repeats exactly. */
  public synchronized Faults seed(long seed) {
    random = new Random(seed);
    return this;
  }

  /** Fails this fraction of calls (0..1), chosen at random, with a transient error (a 503). */
  public synchronized Faults failRate(double fraction) {
    failRate = fraction(fraction);
    return this;
  }

  /** Fails the next {@code calls} calls with a transient error. */
  public synchronized Faults failNext(int calls) {
    failNext = calls;
    return this;
  }

  /** Answers this fraction of calls (0..1), chosen at random, with "too many requests". */
  public synchronized Faults rateLimitRate(double fraction, Duration retryAfter) {
    rateLimitRate = fraction(fraction);
    rateLimitRetryAfter = positive(retryAfter);
    return this;
  }

  /** Answers the next {@code calls} calls with "too many requests". */
  public synchronized Faults rateLimitNext(int calls, Duration retryAfter) {
    rateLimitNext = calls;
    rateLimitNextRetryAfter = positive(retryAfter);
    return this;
  }

  /**
   * Throws {@link SimulatedCrash} at the k-th API call from now (k = 1: the next call), before the
   * app applies it: the process died before the request left.
   */
  public synchronized Faults crashAtCall(int k) {
    return armCrash(k, false);
  }

  /**
   * Throws {@link SimulatedCrash} at the k-th API call from now, after the app applied it: the
   * process died before it read the answer (a create happened, but its id is lost).
   */
  public synchronized Faults crashAfterCall(int k) {
    return armCrash(k, true);
  }

  /**
   * Fails the k-th API call from now with a transient error (a simulated 504) after the app applied
   * it: the request timed out at a gateway while the app went on (a create happened, but the caller
   * cannot know).
   */
  public synchronized Faults loseAnswerOfCall(int k) {
    armCrash(k, true);
    loseAnswer = true;
    return this;
  }

  private Faults armCrash(int k, boolean after) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1");
    }
    crashCountdown = k;
    crashAfter = after;
    loseAnswer = false;
    callsSinceArmed = 0;
    return this;
  }

  /**
   * Rejects every created or updated record whose fields (after the update) match, with a per-item
   * {@code INVALID} result giving the reason.
   */
  public synchronized Faults rejectWhen(Predicate<Map<String, String>> when, String reason) {
    rejections.add(new Rejection(when, reason));
    return this;
  }

  /**
   * Makes {@code changes()} throw {@code CursorExpiredException} for cursors older than a sequence
   * number (see {@link MemoryApp#sequence()}), as apps do whose change feed is kept for a while.
   */
  public synchronized Faults expireCursorsBefore(long sequence) {
    expireBefore = sequence;
    return this;
  }

  /** Removes every fault. */
  public synchronized Faults clear() {
    failRate = 0;
    rateLimitRate = 0;
    failNext = 0;
    rateLimitNext = 0;
    crashCountdown = 0;
    expireBefore = Long.MIN_VALUE;
    rejections.clear();
    return this;
  }

  // ------------------------------------------------------------ used by the app

  /**
   * Called before every API call; throws the fault due, if any.
   *
   * @return true when the call must crash after it is applied
   */
  synchronized boolean before(String endpoint) {
    if (crashCountdown > 0) {
      callsSinceArmed++;
      if (--crashCountdown == 0) {
        if (!crashAfter) {
          throw new SimulatedCrash(
              "simulated crash before API call " + callsSinceArmed + " (" + endpoint + ")");
        }
        return true;
      }
    }
    if (rateLimitNext > 0) {
      rateLimitNext--;
      throw rateLimited(endpoint, rateLimitNextRetryAfter);
    }
    if (failNext > 0) {
      failNext--;
      throw unavailable(endpoint);
    }
    if (rateLimitRate > 0 && random.nextDouble() < rateLimitRate) {
      throw rateLimited(endpoint, rateLimitRetryAfter);
    }
    if (failRate > 0 && random.nextDouble() < failRate) {
      throw unavailable(endpoint);
    }
    return false;
  }

  /** Throws what the caller gets instead of the answer of a call the app applied. */
  synchronized void failAfterApplied(String endpoint) {
    if (loseAnswer) {
      throw new ConnectorException(
          "memory app '"
              + appName
              + "': gateway timeout (simulated 504) on "
              + endpoint
              + "; the call may have been applied",
          true);
    }
    throw new SimulatedCrash(
        "simulated crash after API call " + callsSinceArmed + " (" + endpoint + ") was applied");
  }

  synchronized boolean cursorExpired(long cursor) {
    return cursor < expireBefore;
  }

  /** The reason the app rejects these fields, if it does. */
  synchronized Optional<String> rejection(Map<String, String> fields) {
    for (Rejection r : rejections) {
      if (r.when().test(fields)) {
        return Optional.of(r.reason());
      }
    }
    return Optional.empty();
  }

  private RateLimitedException rateLimited(String endpoint, Duration retryAfter) {
    return new RateLimitedException(
        "memory app '"
            + appName
            + "': too many requests on "
            + endpoint
            + "; retry after "
            + retryAfter.toMillis()
            + " ms",
        retryAfter,
        false);
  }

  private ConnectorException unavailable(String endpoint) {
    return new ConnectorException(
        "memory app '" + appName + "': service unavailable (simulated 503) on " + endpoint, true);
  }

  private static double fraction(double f) {
    if (f < 0 || f > 1) {
      throw new IllegalArgumentException("a fraction between 0 and 1, not " + f);
    }
    return f;
  }

  private static Duration positive(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("retryAfter must be positive");
    }
    return d;
  }
}
