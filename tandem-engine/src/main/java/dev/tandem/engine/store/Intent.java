package dev.tandem.engine.store;

import dev.tandem.core.model.Side;
import java.time.Instant;

/**
 * A create about to be sent, stored before it is sent, so that after a crash the engine looks for
 * the created record (by its match key) before it creates again.
 *
 * @param target the side the record is created on
 * @param sourceId the id of the record on the other side that it copies
 * @param matchKey the normalised match key of the record, or null
 */
public record Intent(Side target, String sourceId, String matchKey, Instant createdAt) {}
