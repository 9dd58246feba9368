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

  /** Two unlinked records with one match key: smart merge, then link. */
  record NewMatch(Record a, Record b, String matchKey) implements Work {}

  /** A record with no counterpart: create one on the other side. */
  record Create(Side source, Record record, String matchKey) implements Work {}
}
