package dev.tandem.emulator.dynamics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dataverse's service protection limits, per user: the number of requests in a sliding window (6000
 * per 300 seconds) and the number of concurrent requests (52). A {@code $batch} counts as one
 * request, as documented. Past a limit the request gets a 429 with {@code Retry-After} and the
 * documented error code and message.
 */
final class ServiceProtection {
  private final Clock clock;
  private volatile int requestLimit;
  private volatile Duration window;
  private volatile int concurrentLimit;
  private volatile Duration executionLimit = Duration.ofMinutes(20);
  private final Map<String, Deque<Long>> requests = new ConcurrentHashMap<>();
  private final Map<String, Deque<long[]>> executions = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  ServiceProtection(Clock clock, int requestLimit, Duration window, int concurrentLimit) {
    this.clock = clock;
    this.requestLimit = requestLimit;
    this.window = window;
    this.concurrentLimit = concurrentLimit;
  }

  void limits(int requests, Duration window, int concurrent) {
    this.requestLimit = requests;
    this.window = window;
    this.concurrentLimit = concurrent;
  }

  /** The combined execution time a user may use per window (20 minutes by default). */
  void executionLimit(Duration d) {
    this.executionLimit = d;
  }

  /**
   * Admits one request of {@code user}, or throws the 429. An admitted request must be {@link
   * #release released}.
   */
  int admit(String user) {
    AtomicInteger running = inFlight.computeIfAbsent(user, u -> new AtomicInteger());
    if (running.incrementAndGet() > concurrentLimit) {
      running.decrementAndGet();
      DataverseError e =
          new DataverseError(
              429,
              DataverseError.TOO_MANY_CONCURRENT,
              "Number of concurrent requests exceeded the limit of " + concurrentLimit + ".");
      e.retryAfterSeconds = 1;
      throw e;
    }
    long now = clock.millis();
    long windowMs = window.toMillis();
    Deque<Long> times = requests.computeIfAbsent(user, u -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= now - windowMs) {
        times.pollFirst();
      }
      long usedMs = executionMs(user, now - windowMs);
      if (usedMs >= executionLimit.toMillis()) {
        running.decrementAndGet();
        DataverseError e =
            new DataverseError(
                429,
                DataverseError.TOO_MUCH_EXECUTION_TIME,
                "Combined execution time of incoming requests exceeded limit of "
                    + String.format(java.util.Locale.ROOT, "%,d", executionLimit.toMillis())
                    + " milliseconds over time window of "
                    + window.toSeconds()
                    + " seconds. Decrease number of concurrent requests or reduce the duration of"
                    + " requests and try again later.");
        e.retryAfterSeconds = Math.max(1, window.toSeconds() / 10);
        throw e;
      }
      if (times.size() >= requestLimit) {
        running.decrementAndGet();
        long waitMs = times.peekFirst() + windowMs - now;
        DataverseError e =
            new DataverseError(
                429,
                DataverseError.TOO_MANY_REQUESTS,
                "Number of requests exceeded the limit of "
                    + requestLimit
                    + " over time window of "
                    + window.toSeconds()
                    + " seconds.");
        e.retryAfterSeconds = Math.max(1, (waitMs + 999) / 1000);
        throw e;
      }
      times.addLast(now);
      return requestLimit - times.size();
    }
  }

  /** Ends an admitted request that ran for {@code durationMs}. */
  void release(String user, long durationMs) {
    AtomicInteger running = inFlight.get(user);
    if (running != null) {
      running.decrementAndGet();
    }
    Deque<long[]> runs = executions.computeIfAbsent(user, u -> new ArrayDeque<>());
    synchronized (runs) {
      runs.addLast(new long[] {clock.millis(), durationMs});
    }
  }

  private long executionMs(String user, long since) {
    Deque<long[]> runs = executions.get(user);
    if (runs == null) {
      return 0;
    }
    synchronized (runs) {
      while (!runs.isEmpty() && runs.peekFirst()[0] <= since) {
        runs.pollFirst();
      }
      long sum = 0;
      for (long[] r : runs) {
        sum += r[1];
      }
      return sum;
    }
  }

  void reset() {
    requests.clear();
    executions.clear();
  }
}
