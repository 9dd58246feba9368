package dev.tandem.engine.service;

import java.time.Instant;

/**
 * A connection's live status.
 *
 * @param id the connection id
 * @param state what it is doing
 * @param detail why it is paused or failing (null otherwise)
 * @param lastRunAt when the last run finished (null before the first)
 * @param nextRunAt when the next scheduled run is due (null when paused)
 */
public record ConnectionStatus(
    String id, LiveState state, String detail, Instant lastRunAt, Instant nextRunAt) {}
