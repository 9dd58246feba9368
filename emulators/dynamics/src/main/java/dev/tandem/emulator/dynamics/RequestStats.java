package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts requests by endpoint template for {@code GET /_emulator/stats}. */
final class RequestStats {
  private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  void count(String endpoint) {
    total.increment();
    byEndpoint.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
  }

  long total() {
    return total.sum();
  }

  long count(String method, String path) {
    LongAdder a = byEndpoint.get(method + " " + path);
    return a == null ? 0 : a.sum();
  }

  String json(ObjectMapper mapper) {
    ObjectNode o = mapper.createObjectNode();
    o.put("requests", total.sum());
    ObjectNode by = o.putObject("byEndpoint");
    new TreeMap<>(byEndpoint).forEach((k, v) -> by.put(k, v.sum()));
    return o.toString();
  }

  void reset() {
    byEndpoint.clear();
    total.reset();
  }
}
