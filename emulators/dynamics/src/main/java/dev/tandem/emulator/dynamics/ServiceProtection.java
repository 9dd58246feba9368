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
  private final Map<String, Deque<Long>> requests = new ConcurrentHashMap<>();
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

  /**
   * Admits one request of {@code user}, or throws the 429. An admitted request must be {@link
   * #release released}.
   */
  void admit(String user) {
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
    }
  }

  void release(String user) {
    AtomicInteger running = inFlight.get(user);
    if (running != null) {
      running.decrementAndGet();
    }
  }

  void reset() {
    requests.clear();
  }
}
