package dev.tandem.core.sync;

import dev.tandem.core.model.Side;

/**
 * One field a decision writes, for the activity log.
 *
 * @param target the side written
 * @param key the mapping key (or {@code =field} for a rule's set action)
 * @param from the value the target had, in A's terms (null: empty)
 * @param to the value it gets (null: cleared)
 * @param reason why: {@code changed in a}, {@code filled from b}, {@code conflict: newest wins
 *     (a)}, …
 */
public record FieldChange(Side target, String key, String from, String to, String reason) {}
