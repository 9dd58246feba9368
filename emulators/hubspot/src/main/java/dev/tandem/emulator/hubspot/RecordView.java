package dev.tandem.emulator.hubspot;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Renders a record in HubSpot's JSON shape. */
final class RecordView {
  private RecordView() {}

  /**
   * @param requested the properties the request asked for, or null for the type's defaults
   */
  static Map<String, Object> render(
      CrmObject o, Collection<String> requested, PropertyCatalog catalog) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", Long.toString(o.id));
    Map<String, Object> props = new TreeMap<>();
    Collection<String> names = requested == null ? o.kind.defaultProperties : requested;
    for (String name : names) {
      String v = o.get(name);
      if (v != null || catalog.get(o.kind, name) != null) {
        props.put(name, v);
      }
    }
    for (String name : o.kind.alwaysReturned()) {
      props.put(name, o.get(name));
    }
    m.put("properties", props);
    m.put("createdAt", Json.iso(o.createdAt));
    m.put("updatedAt", Json.iso(o.updatedAt));
    m.put("archived", o.archived);
    if (o.archived) {
      m.put("archivedAt", Json.iso(o.archivedAt));
    }
    return m;
  }
}
