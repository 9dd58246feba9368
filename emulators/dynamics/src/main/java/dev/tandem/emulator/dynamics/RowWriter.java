package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JSON payload into a stored row: checks every property (unknown, read-only, type, length,
 * choice values), binds lookups written as {@code <navigation>@odata.bind}, computes {@code
 * fullname}, and stamps {@code createdon}, {@code modifiedon} and a new {@code versionnumber}.
 */
final class RowWriter {
  private static final Pattern REF =
      Pattern.compile("(?:^|/)([A-Za-z_]+)\\(\\{?([0-9a-fA-F-]{36})\\}?\\)$");

  private final ObjectMapper json;
  private final Map<String, EntitySet> sets;
  private final DataStore store;
  private final Clock clock;

  RowWriter(ObjectMapper json, Map<String, EntitySet> sets, DataStore store, Clock clock) {
    this.json = json;
    this.sets = sets;
    this.store = store;
    this.clock = clock;
  }

  ObjectNode parseBody(ApiRequest r) {
    if (r.body().isBlank()) {
      return json.createObjectNode();
    }
    try {
      JsonNode n = json.readTree(r.body());
      if (!(n instanceof ObjectNode o)) {
        throw new DataverseError(
            400, DataverseError.BAD_PAYLOAD, "The payload must be a JSON object.");
      }
      return o;
    } catch (JsonProcessingException e) {
      throw new DataverseError(
          400,
          DataverseError.BAD_PAYLOAD,
          "Error identified in Payload provided by the user: invalid JSON ("
              + e.getOriginalMessage()
              + ").");
    }
  }

  /**
   * Validates a payload and stores the resulting row: a create when {@code existing} is null, else
   * an update of the columns present in the payload.
   */
  Row write(EntitySet set, String id, Row existing, ObjectNode body) {
    ObjectNode values = existing == null ? json.createObjectNode() : existing.values().deepCopy();
    Map<String, String> targets =
        existing == null ? new HashMap<>() : new HashMap<>(existing.lookupTargets());
    Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (name.startsWith("@odata.")) {
        continue;
      }
      if (name.endsWith("@odata.bind")) {
        bind(set, values, targets, name.substring(0, name.length() - "@odata.bind".length()), v);
        continue;
      }
      EntitySet.Attribute a = set.attribute(name);
      if (a == null) {
        throw new DataverseError(
            400,
            DataverseError.BAD_PAYLOAD,
            "Invalid property '"
                + name
                + "' was found in entity 'Microsoft.Dynamics.CRM."
                + set.logicalName()
                + "'.");
      }
      if (name.equals(set.key())) {
        if (!v.isNull() && !v.asText().equalsIgnoreCase(id)) {
          throw DataverseError.badRequest(
              "The value of '" + name + "' in the payload does not match the key in the URL.");
        }
        continue;
      }
      if (!a.writable()) {
        throw new DataverseError(
            400,
            DataverseError.BAD_PAYLOAD,
            "The property '"
                + name
                + "' of 'Microsoft.Dynamics.CRM."
                + set.logicalName()
                + "' is read-only"
                + (name.startsWith("_")
                    ? "; set a lookup with '<navigation property>@odata.bind'."
                    : "."));
      }
      values.set(name, validate(set, a, v));
    }
    if (set.name().equals("contacts")) {
      String full =
          (values.path("firstname").asText("") + " " + values.path("lastname").asText("")).trim();
      if (full.isEmpty()) {
        values.putNull("fullname");
      } else {
        values.put("fullname", full);
      }
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant created = existing == null ? now : existing.createdOn();
    long version = store.nextVersion();
    values.put("createdon", created.toString());
    values.put("modifiedon", now.toString());
    values.put("versionnumber", version);
    Row row = new Row(id, values, targets, version, created, now);
    store.put(set.name(), row);
    return row;
  }

  private void bind(
      EntitySet set,
      ObjectNode values,
      Map<String, String> targets,
      String navigation,
      JsonNode v) {
    EntitySet.Lookup lookup = set.lookupByNavigation(navigation);
    if (lookup == null) {
      throw new DataverseError(
          400,
          DataverseError.BAD_PAYLOAD,
          "An undeclared property '"
              + navigation
              + "' which only has property annotations in the payload but no property value was"
              + " found in the payload. In OData, only declared navigation properties and declared"
              + " named streams can be represented as properties without values.");
    }
    if (v == null || v.isNull()) {
      values.putNull(lookup.valueProperty());
      targets.remove(lookup.name());
      return;
    }
    Matcher m = REF.matcher(v.asText().trim());
    String expectedSet = lookup.targets().get(navigation);
    if (!m.find() || !m.group(1).equals(expectedSet)) {
      throw DataverseError.badRequest(
          "The value '"
              + v.asText()
              + "' of '"
              + navigation
              + "@odata.bind' is not a reference to a record of '"
              + expectedSet
              + "', like '/"
              + expectedSet
              + "(00000000-0000-0000-0000-000000000001)'.");
    }
    String targetId = m.group(2).toLowerCase(Locale.ROOT);
    if (store.get(expectedSet, targetId) == null) {
      throw DataverseError.notFound(sets.get(expectedSet).logicalName(), targetId);
    }
    values.put(lookup.valueProperty(), targetId);
    targets.put(lookup.name(), expectedSet);
  }

  private JsonNode validate(EntitySet set, EntitySet.Attribute a, JsonNode v) {
    if (v == null || v.isNull()) {
      return JsonNodeFactory.instance.nullNode();
    }
    String where = "'" + a.name() + "' attribute of the '" + set.logicalName() + "' entity";
    switch (a.type()) {
      case STRING -> {
        if (!v.isTextual()) {
          throw invalid("The value for the " + where + " must be a string.");
        }
        if (a.maxLength() > 0 && v.asText().length() > a.maxLength()) {
          throw invalid(
              "A validation error occurred.  The length of the "
                  + where
                  + " exceeded the maximum allowed length of '"
                  + a.maxLength()
                  + "'.");
        }
        return v;
      }
      case MONEY -> {
        if (!v.isNumber()) {
          throw invalid("The value for the " + where + " must be a number.");
        }
        return JsonNodeFactory.instance.numberNode(v.decimalValue());
      }
      case INTEGER, CHOICE -> {
        if (!v.isIntegralNumber()) {
          throw invalid("The value for the " + where + " must be an integer.");
        }
        if (a.type() == EntitySet.Type.CHOICE && !a.options().contains(v.intValue())) {
          throw invalid(
              "A validation error occurred. The value "
                  + v.intValue()
                  + " of '"
                  + a.name()
                  + "' on record of type '"
                  + set.logicalName()
                  + "' is outside the valid range. Accepted Values: "
                  + a.options().stream()
                      .map(String::valueOf)
                      .reduce((x, y) -> x + "," + y)
                      .orElse(""));
        }
        return JsonNodeFactory.instance.numberNode(v.intValue());
      }
      case DATEONLY -> {
        try {
          return JsonNodeFactory.instance.textNode(LocalDate.parse(v.asText()).toString());
        } catch (RuntimeException e) {
          throw invalid(
              "Cannot convert the literal '" + v.asText() + "' to the expected type 'Edm.Date'.");
        }
      }
      case DATETIME -> {
        try {
          return JsonNodeFactory.instance.textNode(
              OffsetDateTime.parse(v.asText())
                  .toInstant()
                  .truncatedTo(ChronoUnit.SECONDS)
                  .toString());
        } catch (RuntimeException e) {
          throw invalid(
              "Cannot convert the literal '"
                  + v.asText()
                  + "' to the expected type 'Edm.DateTimeOffset'.");
        }
      }
      default -> {
        return v;
      }
    }
  }

  private static DataverseError invalid(String message) {
    return new DataverseError(400, DataverseError.VALIDATION, message);
  }
}
