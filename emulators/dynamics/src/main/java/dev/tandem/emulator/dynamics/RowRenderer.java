package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rows as the Web API returns them: {@code @odata.context}, {@code @odata.etag}, the columns of
 * {@code $select} (all when none) with lookup annotations when asked, and the key.
 */
final class RowRenderer {
  private final ObjectMapper json;
  private final Map<String, EntitySet> sets;
  private final Supplier<String> base;

  RowRenderer(ObjectMapper json, Map<String, EntitySet> sets, Supplier<String> base) {
    this.json = json;
    this.sets = sets;
    this.base = base;
  }

  private String base() {
    return base.get();
  }

  String context(EntitySet set, List<String> select, String suffix) {
    return base()
        + "/$metadata#"
        + set.name()
        + (select == null ? "" : "(" + String.join(",", select) + ")")
        + suffix;
  }

  List<String> select(EntitySet set, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : raw.split(",")) {
      String name = s.trim();
      if (set.attribute(name) == null) {
        throw new DataverseError(
            400,
            DataverseError.BAD_QUERY,
            "Could not find a property named '"
                + name
                + "' on type 'Microsoft.Dynamics.CRM."
                + set.logicalName()
                + "'.");
      }
      if (!out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** A row as JSON: the etag, the selected columns (all when none), lookup annotations, the key. */
  ObjectNode render(EntitySet set, Row row, List<String> select, String annotations) {
    ObjectNode o = json.createObjectNode();
    o.put("@odata.etag", row.etag());
    List<String> cols = select == null ? new ArrayList<>(set.attributes().keySet()) : select;
    for (String c : cols) {
      if (c.equals(set.key())) {
        continue;
      }
      JsonNode v = row.values().get(c);
      EntitySet.Lookup lookup = set.lookupByValueProperty(c);
      if (lookup != null && v != null && !v.isNull() && wantsLookupAnnotations(annotations)) {
        String targetSet = row.lookupTargets().get(lookup.name());
        String nav =
            lookup.targets().entrySet().stream()
                .filter(e -> e.getValue().equals(targetSet))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(lookup.name());
        o.put(c + "@Microsoft.Dynamics.CRM.associatednavigationproperty", nav);
        o.put(c + "@Microsoft.Dynamics.CRM.lookuplogicalname", sets.get(targetSet).logicalName());
      }
      o.set(c, v == null ? JsonNodeFactory.instance.nullNode() : v);
    }
    o.put(set.key(), row.id());
    return o;
  }

  private static boolean wantsLookupAnnotations(String annotations) {
    if (annotations == null) {
      return false;
    }
    for (String a : annotations.split(",")) {
      String t = a.trim();
      if (t.equals("*")
          || t.equals("Microsoft.Dynamics.CRM.*")
          || t.equals("Microsoft.Dynamics.CRM.lookuplogicalname")
          || t.equals("Microsoft.Dynamics.CRM.associatednavigationproperty")) {
        return true;
      }
    }
    return false;
  }
}
