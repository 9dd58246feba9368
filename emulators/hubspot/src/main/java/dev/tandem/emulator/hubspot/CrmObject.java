package dev.tandem.emulator.hubspot;

import java.util.HashMap;
import java.util.Map;

/** One stored record. Guarded by the {@link CrmStore} lock; handed out only as copies. */
final class CrmObject {
  final ObjectKind kind;
  final long id;

  /** Property values; never holds empty strings (an empty write clears). */
  final Map<String, String> properties = new HashMap<>();

  long createdAt;
  long updatedAt;
  boolean archived;
  long archivedAt;

  CrmObject(ObjectKind kind, long id) {
    this.kind = kind;
    this.id = id;
  }

  CrmObject copy() {
    CrmObject c = new CrmObject(kind, id);
    c.properties.putAll(properties);
    c.createdAt = createdAt;
    c.updatedAt = updatedAt;
    c.archived = archived;
    c.archivedAt = archivedAt;
    return c;
  }

  String get(String property) {
    return properties.get(property);
  }
}
