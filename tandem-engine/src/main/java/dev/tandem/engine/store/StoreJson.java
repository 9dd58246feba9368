package dev.tandem.engine.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.model.Record;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the store keeps in TEXT columns. Records and snapshots are the bulk of the store, so
 * they use the streaming API and short keys: {@code {"i":id,"f":{...},"m":millis,"v":version}}.
 */
final class StoreJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final TypeReference<Map<String, Map<String, Long>>> NESTED_COUNTS =
      new TypeReference<>() {};
  private static final TypeReference<Map<String, List<String>>> CHANGES = new TypeReference<>() {};

  private StoreJson() {}

  static String record(Record record) {
    if (record == null) {
      return null;
    }
    StringWriter out = new StringWriter(64 + record.fields().size() * 32);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("i", record.id());
      g.writeObjectFieldStart("f");
      for (Map.Entry<String, String> e : record.fields().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      Instant modified = record.modified();
      if (modified != null) {
        // Millis when exact (the usual case) keeps it short; otherwise the full ISO form so that
        // no precision is lost.
        if (modified.getNano() % 1_000_000 == 0) {
          g.writeNumberField("m", modified.toEpochMilli());
        } else {
          g.writeStringField("m", modified.toString());
        }
      }
      if (record.version() != null) {
        g.writeStringField("v", record.version());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static Record record(String json) {
    if (json == null) {
      return null;
    }
    try (JsonParser p = FACTORY.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, json);
      String id = null;
      Map<String, String> fields = Map.of();
      Instant modified = null;
      String version = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "i" -> id = p.getText();
          case "f" -> fields = readStringMap(p, json);
          case "m" ->
              modified =
                  value == JsonToken.VALUE_NUMBER_INT
                      ? Instant.ofEpochMilli(p.getLongValue())
                      : Instant.parse(p.getText());
          case "v" -> version = p.getText();
          default -> p.skipChildren();
        }
      }
      return new Record(id, fields, modified, version);
    } catch (IOException e) {
      throw new IllegalStateException("state store: unreadable record JSON: " + json, e);
    }
  }

  static String stringMap(Map<String, String> map) {
    StringWriter out = new StringWriter(16 + map.size() * 32);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : map.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static Map<String, String> stringMap(String json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, json);
      return readStringMap(p, json);
    } catch (IOException e) {
      throw new IllegalStateException("state store: unreadable snapshot JSON: " + json, e);
    }
  }

  /** Reads an object of string (or null) values; the parser is on its START_OBJECT. */
  private static Map<String, String> readStringMap(JsonParser p, String json) throws IOException {
    Map<String, String> map = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      map.put(key, t == JsonToken.VALUE_NULL ? null : p.getText());
    }
    return map;
  }

  private static void expect(JsonToken actual, JsonToken expected, String json) {
    if (actual != expected) {
      throw new IllegalStateException("state store: unexpected JSON " + json);
    }
  }

  static String counts(Map<String, Map<String, Long>> counts) {
    return write(counts);
  }

  static Map<String, Map<String, Long>> counts(String json) {
    return json == null ? Map.of() : read(json, NESTED_COUNTS);
  }

  static String changes(Map<String, List<String>> changes) {
    return write(changes);
  }

  static Map<String, List<String>> changes(String json) {
    return json == null ? Map.of() : read(json, CHANGES);
  }

  private static String write(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalStateException("state store: unreadable JSON: " + json, e);
    }
  }
}
