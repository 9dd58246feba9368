package dev.tandem.engine.store;

import java.time.Instant;
import java.util.Map;

/**
 * The pairing of an A record and a B record, with the snapshot: the mapped values as last
 * synchronised, keyed by mapping key, in canonical form.
 */
public record Link(
    String aId,
    String bId,
    Map<String, String> snapshot,
    String aVersion,
    String bVersion,
    Instant syncedAt) {
  public Link {
    snapshot = Map.copyOf(snapshot);
  }
}
