package dev.tandem.emulator.hubspot;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts API requests by endpoint (method and path template), for {@code /_emulator/stats}. */
final class RequestStats {
  private final LongAdder total = new LongAdder();
  private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();

  void count(String endpoint) {
    total.increment();
    byEndpoint.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
  }

  void reset() {
    total.reset();
    byEndpoint.clear();
  }

  Map<String, Object> snapshot() {
    Map<String, Long> counts = new TreeMap<>();
    byEndpoint.forEach((k, v) -> counts.put(k, v.sum()));
    return Map.of("requests", total.sum(), "byEndpoint", counts);
  }
}
