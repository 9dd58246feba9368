package dev.tandem.engine;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a run did.
 *
 * @param runId the stored run's id (0 for a dry run, which stores nothing)
 * @param connection the connection
 * @param kind {@code initial}, {@code incremental}, {@code full}, {@code targeted} or {@code
 *     dry-run}
 * @param status {@code completed}, {@code failed}, {@code needs-approval}, {@code paused} or {@code
 *     stopped} (by shutdown, at a safe point)
 * @param counts per object type, counter name ({@link Counts#toMap()}) to number
 * @param apiCalls per side, endpoint to calls
 * @param duration wall time
 * @param error why it failed or waits, or null
 * @param plan the writes of a dry run (empty otherwise)
 */
public record RunReport(
    long runId,
    String connection,
    String kind,
    String status,
    Map<ObjectType, Map<String, Long>> counts,
    Map<Side, Map<String, Long>> apiCalls,
    Duration duration,
    String error,
    List<PlannedWrite> plan) {

  public boolean completed() {
    return "completed".equals(status);
  }

  public long apiCallTotal(Side side) {
    return apiCalls.getOrDefault(side, Map.of()).values().stream().mapToLong(Long::longValue).sum();
  }

  /** A counter summed over object types. */
  public long total(String counter) {
    return counts.values().stream().mapToLong(m -> m.getOrDefault(counter, 0L)).sum();
  }
}
