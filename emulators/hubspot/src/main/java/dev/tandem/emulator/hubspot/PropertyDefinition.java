package dev.tandem.emulator.hubspot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One property of an object type, in the shape of HubSpot's properties API.
 *
 * @param type string, number, date, datetime, enumeration, bool or phone_number
 * @param fieldType how HubSpot's UI edits it: text, textarea, number, date, select, radio, …
 * @param options the allowed internal values of an enumeration, with their labels
 */
record PropertyDefinition(
    String name,
    String label,
    String type,
    String fieldType,
    String groupName,
    List<Option> options,
    boolean hasUniqueValue,
    boolean readOnlyValue,
    boolean hubspotDefined) {

  record Option(String label, String value) {}

  PropertyDefinition {
    options = List.copyOf(options);
  }

  boolean allows(String value) {
    return options.stream().anyMatch(o -> o.value().equals(value));
  }

  Map<String, Object> toJson(String timestamp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("updatedAt", timestamp);
    m.put("createdAt", timestamp);
    m.put("name", name);
    m.put("label", label);
    m.put("type", type);
    m.put("fieldType", fieldType);
    m.put("description", "");
    m.put("groupName", groupName);
    List<Map<String, Object>> opts = new ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("label", options.get(i).label());
      o.put("value", options.get(i).value());
      o.put("displayOrder", i);
      o.put("hidden", false);
      opts.add(o);
    }
    m.put("options", opts);
    m.put("displayOrder", -1);
    m.put("calculated", false);
    m.put("externalOptions", false);
    m.put("hasUniqueValue", hasUniqueValue);
    m.put("hidden", false);
    m.put("hubspotDefined", hubspotDefined);
    m.put(
        "modificationMetadata",
        Map.of(
            "archivable", !hubspotDefined,
            "readOnlyDefinition", hubspotDefined,
            "readOnlyValue", readOnlyValue));
    m.put("formField", !readOnlyValue);
    m.put("archived", false);
    return m;
  }
}
