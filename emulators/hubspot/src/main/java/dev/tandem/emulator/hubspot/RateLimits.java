package dev.tandem.emulator.hubspot;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HubSpot's API limits: per token, {@code max} requests per rolling 10 seconds and a daily quota
 * (reset at midnight in the account's time zone, UTC here); and for the search endpoints, 5
 * requests per second per account, which answer without rate-limit headers.
 */
final class RateLimits {
  static final long INTERVAL_MS = 10_000;

  /** The outcome of one check: the headers to send, or the 429 to answer. */
  record Decision(Map<String, String> headers, ApiException refusal) {}

  private final int max;
  private final int daily;
  private final int searchPerSecond;
  private final Map<String, Deque<Long>> windows = new HashMap<>();
  private final Map<String, Integer> dailyUsed = new HashMap<>();
  private final Deque<Long> searches = new ArrayDeque<>();
  private LocalDate day = LocalDate.now(ZoneOffset.UTC);

  RateLimits(int max, int daily, int searchPerSecond) {
    this.max = max;
    this.daily = daily;
    this.searchPerSecond = searchPerSecond;
  }

  synchronized void reset() {
    windows.clear();
    dailyUsed.clear();
    searches.clear();
  }

  /** Counts a request of a token against the ten-secondly and daily limits. */
  synchronized Decision check(String token, long nowMs) {
    rollDay();
    Deque<Long> w = windows.computeIfAbsent(token, t -> new ArrayDeque<>());
    while (!w.isEmpty() && w.peekFirst() <= nowMs - INTERVAL_MS) {
      w.removeFirst();
    }
    int used = dailyUsed.getOrDefault(token, 0);
    if (used >= daily) {
      return new Decision(
          headers(w.size(), used), refusal("You have reached your daily limit.", "DAILY"));
    }
    if (w.size() >= max) {
      return new Decision(
          headers(w.size(), used),
          refusal("You have reached your ten_secondly_rolling limit.", "TEN_SECONDLY_ROLLING"));
    }
    w.addLast(nowMs);
    dailyUsed.put(token, used + 1);
    return new Decision(headers(w.size(), used + 1), null);
  }

  /**
   * Counts a search request against the account's per-second search limit (and the daily quota);
   * search responses carry no rate-limit headers.
   */
  synchronized ApiException checkSearch(String token, long nowMs) {
    rollDay();
    while (!searches.isEmpty() && searches.peekFirst() <= nowMs - 1000) {
      searches.removeFirst();
    }
    int used = dailyUsed.getOrDefault(token, 0);
    if (used >= daily) {
      return refusal("You have reached your daily limit.", "DAILY");
    }
    if (searches.size() >= searchPerSecond) {
      return refusal("You have reached your secondly limit.", "SECONDLY");
    }
    searches.addLast(nowMs);
    dailyUsed.put(token, used + 1);
    return null;
  }

  private void rollDay() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (!today.equals(day)) {
      day = today;
      dailyUsed.clear();
    }
  }

  private Map<String, String> headers(int usedInWindow, int usedToday) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-HubSpot-RateLimit-Daily", Integer.toString(daily));
    h.put("X-HubSpot-RateLimit-Daily-Remaining", Integer.toString(Math.max(0, daily - usedToday)));
    h.put("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(INTERVAL_MS));
    h.put("X-HubSpot-RateLimit-Max", Integer.toString(max));
    h.put("X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, max - usedInWindow)));
    return h;
  }

  /** HubSpot's 429 body: no category, but errorType RATE_LIMIT and the policy that was hit. */
  static ApiException refusal(String message, String policy) {
    return new ApiException(429, null, message)
        .with("errorType", "RATE_LIMIT")
        .with("policyName", policy);
  }
}
