package dev.tandem.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} wrong passwords from one address within
 * {@link #WINDOW}, that address may not try a password again until the oldest failure leaves the
 * window. Per address rather than per user, so that a stranger cannot lock a user out. In memory: a
 * restart forgets it.
 */
final class LoginThrottle {
  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the address must wait before its next try; zero when it may try now. */
  Duration wait(String address) {
    Deque<Long> times = failures.get(address);
    if (times == null) {
      return Duration.ZERO;
    }
    synchronized (times) {
      long now = clock.millis();
      while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) {
        times.pollFirst();
      }
      if (times.size() < MAX_FAILURES) {
        return Duration.ZERO;
      }
      return Duration.ofMillis(times.peekFirst() + WINDOW.toMillis() - now);
    }
  }

  void failed(String address) {
    if (failures.size() > 100_000) {
      failures.clear(); // bounded memory under a spray of addresses
    }
    Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(clock.millis());
      while (times.size() > MAX_FAILURES) {
        times.pollFirst();
      }
    }
  }
}
