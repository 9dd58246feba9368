package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one side reported since its cursor, deduplicated by id (the overlap window returns some
 * records twice).
 */
final class ChangeSet {
  final Map<String, Record> changed = new LinkedHashMap<>();
  final Set<String> deleted = new LinkedHashSet<>();
  final Set<String> unreadable = new LinkedHashSet<>();
  String nextCursor;

  /** How many changed records were our own writes coming back, dropped while reading. */
  long echoes;

  /** Every record that exists was listed, so linked ids not listed were deleted. */
  boolean complete;

  void add(Record r) {
    changed.put(r.id(), r);
    deleted.remove(r.id());
  }

  void delete(String id) {
    changed.remove(id);
    deleted.add(id);
  }
}
