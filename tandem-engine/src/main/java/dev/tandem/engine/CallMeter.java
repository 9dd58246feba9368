package dev.tandem.engine;

import dev.tandem.core.spi.ApiMeter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts one account's API calls by endpoint; the engine reads and resets it per run. */
public final class CallMeter implements ApiMeter {
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

  @Override
  public void call(String endpoint) {
    calls.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
  }

  /** Calls per endpoint since the last reset, sorted by endpoint. */
  public Map<String, Long> byEndpoint() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long total() {
    return calls.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public void reset() {
    calls.clear();
  }
}
