package dev.tandem.engine.store;

import java.time.Instant;
import java.util.Map;

/**
 * One run of a sync, as stored.
 *
 * @param id assigned by the store
 * @param connection the connection's name
 * @param kind {@code initial}, {@code incremental}, {@code full}, {@code targeted}, {@code dry-run}
 * @param startedAt when it started
 * @param finishedAt when it ended, or null while it runs
 * @param status {@code running}, {@code completed}, {@code failed}, {@code needs-approval}
 * @param counts per object type, counter name to number (see {@code RunReport})
 * @param apiCalls side ("a"/"b") to endpoint to calls
 * @param error why it failed, or null
 */
public record RunRecord(
    long id,
    String connection,
    String kind,
    Instant startedAt,
    Instant finishedAt,
    String status,
    Map<String, Map<String, Long>> counts,
    Map<String, Map<String, Long>> apiCalls,
    String error) {}
