package dev.tandem.emulator.dynamics;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Injected faults, set through {@code POST /_emulator/faults}: a share of requests that fail with a
 * server error, added latency, and a number of forced 429s.
 */
final class Faults {
  volatile double errorRate;
  volatile int errorStatus = 503;
  volatile long latencyMs;
  volatile long retryAfterSeconds = 1;
  final AtomicInteger forced429 = new AtomicInteger();
  private final Random random = new Random(7);

  synchronized boolean failNow() {
    return errorRate > 0 && random.nextDouble() < errorRate;
  }

  boolean throttleNow() {
    return forced429.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  void clear() {
    errorRate = 0;
    errorStatus = 503;
    latencyMs = 0;
    retryAfterSeconds = 1;
    forced429.set(0);
  }
}
