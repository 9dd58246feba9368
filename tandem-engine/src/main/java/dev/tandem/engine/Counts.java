package dev.tandem.engine;

import dev.tandem.core.model.Side;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one run did to one object type. Mutable; owned by the thread running the sync. */
public final class Counts {
  private final long[] created = new long[2];
  private final long[] updated = new long[2];
  private final long[] deleted = new long[2];
  private long linked;
  private long conflicts;
  private long failed;
  private final java.util.Set<String> excluded = new java.util.HashSet<>();
  private final java.util.Set<String> duplicates = new java.util.HashSet<>();
  private long read;
  private final long[] apiCalls = new long[2];

  public void created(Side side) {
    created[side.ordinal()]++;
  }

  public void updated(Side side) {
    updated[side.ordinal()]++;
  }

  public void deleted(Side side) {
    deleted[side.ordinal()]++;
  }

  public void linked() {
    linked++;
  }

  public void conflicts(int n) {
    conflicts += n;
  }

  public void fail() {
    failed++;
  }

  /** A record was reported excluded; each record counts once per run however often it is seen. */
  public void excluded(Side side, String id) {
    excluded.add(side.label() + id);
  }

  public void duplicate(Side side, String id) {
    duplicates.add(side.label() + id);
  }

  public void read(long n) {
    read += n;
  }

  /** API calls this object type's sync made on each side. */
  public void apiCalls(long a, long b) {
    apiCalls[0] = a;
    apiCalls[1] = b;
  }

  /** Flat counter names as stored with the run: {@code created.a}, {@code failed}, … */
  public Map<String, Long> toMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Side s : Side.values()) {
      m.put("created." + s.label(), created[s.ordinal()]);
      m.put("updated." + s.label(), updated[s.ordinal()]);
      m.put("deleted." + s.label(), deleted[s.ordinal()]);
    }
    m.put("linked", linked);
    m.put("conflicts", conflicts);
    m.put("failed", failed);
    m.put("excluded", (long) excluded.size());
    m.put("duplicates", (long) duplicates.size());
    m.put("read", read);
    m.put("apiCalls.a", apiCalls[0]);
    m.put("apiCalls.b", apiCalls[1]);
    return m;
  }
}
