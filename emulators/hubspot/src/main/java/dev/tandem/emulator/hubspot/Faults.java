package dev.tandem.emulator.hubspot;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Injected faults for tests: a share of requests failing with a server error, added latency, and a
 * number of forced 429 answers.
 */
final class Faults {
  private double errorRate;
  private int errorStatus = 502;
  private long latencyMs;
  private int forced429;
  private int passBefore429;
  private String forcedPolicy = "TEN_SECONDLY_ROLLING";

  /** Sets the faults; the forced 429s start after {@code passBefore429} requests. */
  synchronized void set(
      double errorRate,
      int errorStatus,
      long latencyMs,
      int forced429,
      int passBefore429,
      String policy) {
    this.passBefore429 = passBefore429;
    this.errorRate = errorRate;
    this.errorStatus = errorStatus;
    this.latencyMs = latencyMs;
    this.forced429 = forced429;
    this.forcedPolicy = policy;
  }

  synchronized void clear() {
    set(0, 502, 0, 0, 0, "TEN_SECONDLY_ROLLING");
  }

  synchronized long latencyMs() {
    return latencyMs;
  }

  /** The fault this request suffers, or null. */
  synchronized ApiException next() {
    if (forced429 > 0 && passBefore429 > 0) {
      passBefore429--;
    } else if (forced429 > 0) {
      forced429--;
      return RateLimits.refusal(
          forcedPolicy.equals("DAILY")
              ? "You have reached your daily limit."
              : "You have reached your ten_secondly_rolling limit.",
          forcedPolicy);
    }
    if (errorRate > 0 && ThreadLocalRandom.current().nextDouble() < errorRate) {
      return new ApiException(
          errorStatus, "INTERNAL_ERROR", "Internal error (injected by the emulator)");
    }
    return null;
  }

  synchronized java.util.Map<String, Object> describe() {
    return java.util.Map.of(
        "errorRate", errorRate,
        "errorStatus", errorStatus,
        "latencyMs", latencyMs,
        "force429", forced429,
        "after", passBefore429,
        "policyName", forcedPolicy);
  }
}
