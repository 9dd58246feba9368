package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * One stored record. Immutable: a write replaces the row.
 *
 * @param id the primary key (lower-case GUID)
 * @param values column values by attribute name (lookups under {@code _<name>_value}); absent
 *     columns are null
 * @param lookupTargets lookup name to the entity set its value points into
 * @param version the row version ({@code versionnumber}), unique across the org
 * @param createdOn when it was created
 * @param modifiedOn when it was last changed
 */
record Row(
    String id,
    ObjectNode values,
    Map<String, String> lookupTargets,
    long version,
    Instant createdOn,
    Instant modifiedOn) {

  Row {
    lookupTargets = Map.copyOf(lookupTargets);
  }

  String etag() {
    return "W/\"" + version + "\"";
  }
}
