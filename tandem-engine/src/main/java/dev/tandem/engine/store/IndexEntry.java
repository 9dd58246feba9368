package dev.tandem.engine.store;

import dev.tandem.core.model.Record;

/**
 * A record seen on one side: its id, its normalised match key, and (while it is unlinked) the
 * record itself, so that the initial sync can create it on the other side without a second scan.
 *
 * @param id native id
 * @param matchKey normalised match key (email, domain, name), or null when the record has none
 * @param record the record as read, or null once it no longer needs to be kept
 */
public record IndexEntry(String id, String matchKey, Record record) {}
