package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.engine.store.Link;

/** One unit of work for a page: a linked pair to merge, a first match, or a create. */
sealed interface Work {

  /**
   * A linked pair with at least one side changed.
   *
   * @param a A's current record, or null when it did not change since the snapshot
   * @param b B's current record, or null likewise
   */
  record LinkedPair(Link link, Record a, Record b) implements Work {}

  /**
   * Two unlinked records with one match key: smart merge, then link.
   *
   * @param indexed whether both records' index entries already hold {@code matchKey}, so that
   *     linking them writes none (the matcher's matches; an entry may then keep the record it was
   *     stored with, which nothing reads once the record is linked)
   */
  record NewMatch(Record a, Record b, String matchKey, boolean indexed) implements Work {}

  /**
   * A record with no counterpart: create one on the other side. Only the matcher decides creates,
   * from records whose index entry already holds {@code matchKey}; the new record's entry is
   * written when it is linked.
   */
  record Create(Side source, Record record, String matchKey) implements Work {}
}
