package dev.tandem.engine.store;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import java.time.Instant;
import java.util.Map;

/**
 * One line of the audit trail: what Tandem did to one record, and why.
 *
 * @param runId the run that did it
 * @param connection the connection
 * @param type the object type
 * @param side the side that was written (or, for a conflict, the side that lost)
 * @param recordId the native id of the written record
 * @param action {@code created}, {@code updated}, {@code deleted}, {@code tagged}, {@code linked},
 *     {@code conflict}
 * @param changes field name to {@code [old, new]} (old or new may be null)
 * @param reason why, in words (e.g. "changed in A", "conflict: newest wins (A)")
 * @param at when
 */
public record ActivityEntry(
    long runId,
    String connection,
    ObjectType type,
    Side side,
    String recordId,
    String action,
    Map<String, java.util.List<String>> changes,
    String reason,
    Instant at) {}
