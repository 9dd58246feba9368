package dev.tandem.core.spi;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** An {@link ApiMeter} for tests: counts calls per endpoint. Thread-safe. */
public final class RecordingMeter implements ApiMeter {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  @Override
  public void call(String endpoint) {
    counts.computeIfAbsent(endpoint, e -> new AtomicLong()).incrementAndGet();
  }

  /** Calls of every endpoint since creation or the last {@link #reset()}. */
  public long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long count(String endpoint) {
    AtomicLong n = counts.get(endpoint);
    return n == null ? 0 : n.get();
  }

  /** Endpoint to count, sorted by endpoint. */
  public Map<String, Long> byEndpoint() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public void reset() {
    counts.clear();
  }
}
