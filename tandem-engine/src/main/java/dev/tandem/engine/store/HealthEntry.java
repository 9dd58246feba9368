package dev.tandem.engine.store;

import dev.tandem.core.model.Side;
import java.time.Instant;

/**
 * Why one record is not (yet) in sync. The store keeps entries only for records that are not {@code
 * synced}; a linked record without an entry is synced.
 *
 * @param side the side the record lives on
 * @param id its native id
 * @param state its state
 * @param reason a sentence a user can act on (the rule that excluded it, the app's error, …)
 * @param attempts how many runs have tried and failed (for {@code failing})
 * @param nextAttempt when a failing record is tried again, or null
 * @param updatedAt when the entry was written
 */
public record HealthEntry(
    Side side,
    String id,
    HealthState state,
    String reason,
    int attempts,
    Instant nextAttempt,
    Instant updatedAt) {}
