package dev.tandem.engine.store;

import dev.tandem.core.model.Record;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the store keeps in TEXT columns, written and read by hand: records and snapshots are
 * read and written millions of times in a large sync, and a general JSON library's set-up costs a
 * short command-line run more than all of its JSON. Records use short keys: {@code
 * {"i":id,"f":{...},"m":millis,"v":version}}.
 */
final class StoreJson {
  private StoreJson() {}

  static String record(Record record) {
    if (record == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(64 + record.fields().size() * 40);
    out.append("{\"i\":");
    string(out, record.id());
    out.append(",\"f\":");
    object(out, record.fields());
    Instant modified = record.modified();
    if (modified != null) {
      out.append(",\"m\":");
      // Millis when exact (the usual case) keeps it short; otherwise the full ISO form so that no
      // precision is lost.
      if (modified.getNano() % 1_000_000 == 0) {
        out.append(modified.toEpochMilli());
      } else {
        string(out, modified.toString());
      }
    }
    if (record.version() != null) {
      out.append(",\"v\":");
      string(out, record.version());
    }
    return out.append('}').toString();
  }

  static Record record(String json) {
    if (json == null) {
      return null;
    }
    Reader in = new Reader(json);
    in.expect('{');
    String id = null;
    Map<String, String> fields = Map.of();
    Instant modified = null;
    String version = null;
    if (!in.skipIf('}')) {
      do {
        String name = in.string();
        in.expect(':');
        switch (name) {
          case "i" -> id = in.string();
          case "f" -> fields = in.object();
          case "m" -> modified = in.peek() == '"' ? Instant.parse(in.string()) : in.millis();
          case "v" -> version = in.nullableString();
          default -> throw in.error("unknown key " + name);
        }
      } while (in.skipIf(','));
      in.expect('}');
    }
    return new Record(id, fields, modified, version);
  }

  static String stringMap(Map<String, String> map) {
    StringBuilder out = new StringBuilder(16 + map.size() * 40);
    object(out, map);
    return out.toString();
  }

  static Map<String, String> stringMap(String json) {
    Reader in = new Reader(json);
    Map<String, String> map = in.object();
    in.end();
    return map;
  }

  private static void object(StringBuilder out, Map<String, String> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, e.getKey());
      out.append(':');
      if (e.getValue() == null) {
        out.append("null");
      } else {
        string(out, e.getValue());
      }
    }
    out.append('}');
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    // Runs without anything to escape are copied whole: appending char by char was a tenth of
    // the syncing thread's time in a large initial sync.
    int run = 0;
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, run, i);
      run = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    if (run == 0) {
      out.append(s);
    } else {
      out.append(s, run, length);
    }
    out.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Reads the JSON this class writes (objects of strings, numbers and nulls). Hand-written because
   * records and snapshots are read a million times in a large sync, and a general parser's set-up
   * per value costs more than the parsing.
   */
  private static final class Reader {
    private final String json;
    private int pos;

    Reader(String json) {
      this.json = json;
    }

    char peek() {
      skipSpace();
      if (pos >= json.length()) {
        throw error("unexpected end");
      }
      return json.charAt(pos);
    }

    void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    boolean skipIf(char c) {
      skipSpace();
      if (pos < json.length() && json.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    void end() {
      skipSpace();
      if (pos != json.length()) {
        throw error("trailing characters");
      }
    }

    Map<String, String> object() {
      expect('{');
      Map<String, String> map = new LinkedHashMap<>();
      if (skipIf('}')) {
        return map;
      }
      do {
        String key = string();
        expect(':');
        map.put(key, nullableString());
      } while (skipIf(','));
      expect('}');
      return map;
    }

    String nullableString() {
      return skipNull() ? null : string();
    }

    Instant millis() {
      return Instant.ofEpochMilli(number());
    }

    long number() {
      skipSpace();
      int start = pos;
      if (pos < json.length() && json.charAt(pos) == '-') {
        pos++;
      }
      while (pos < json.length() && Character.isDigit(json.charAt(pos))) {
        pos++;
      }
      try {
        return Long.parseLong(json.substring(start, pos));
      } catch (NumberFormatException e) {
        throw error("expected a number");
      }
    }

    boolean skipNull() {
      if (peek() == 'n' && json.startsWith("null", pos)) {
        pos += 4;
        return true;
      }
      return false;
    }

    Map<String, Map<String, Long>> counts() {
      return objectOf(() -> objectOf(this::number));
    }

    Map<String, List<String>> changes() {
      return objectOf(this::strings);
    }

    /** An object whose non-null values {@code value} reads; null for a literal null. */
    private <V> Map<String, V> objectOf(java.util.function.Supplier<V> value) {
      if (skipNull()) {
        return null;
      }
      expect('{');
      Map<String, V> map = new LinkedHashMap<>();
      if (skipIf('}')) {
        return map;
      }
      do {
        String key = string();
        expect(':');
        map.put(key, skipNull() ? null : value.get());
      } while (skipIf(','));
      expect('}');
      return map;
    }

    private List<String> strings() {
      expect('[');
      List<String> values = new ArrayList<>();
      if (!skipIf(']')) {
        do {
          values.add(nullableString());
        } while (skipIf(','));
        expect(']');
      }
      return values;
    }

    String string() {
      expect('"');
      int start = pos;
      // Fast path: no escapes.
      while (pos < json.length()) {
        char c = json.charAt(pos);
        if (c == '"') {
          return json.substring(start, pos++);
        }
        if (c == '\\') {
          break;
        }
        pos++;
      }
      StringBuilder out = new StringBuilder(json.substring(start, pos));
      while (pos < json.length()) {
        char c = json.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= json.length()) {
          break;
        }
        char e = json.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (pos + 4 > json.length()) {
              throw error("bad \\u escape");
            }
            out.append((char) Integer.parseInt(json.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw error("bad escape");
        }
      }
      throw error("unterminated string");
    }

    private void skipSpace() {
      while (pos < json.length() && json.charAt(pos) <= ' ') {
        pos++;
      }
    }

    IllegalStateException error(String what) {
      return new IllegalStateException(
          "state store: unreadable JSON (" + what + " at " + pos + "): " + json);
    }
  }

  /** A run's counts or API calls: {@code {"contact":{"created.a":3,…},…}}. */
  static String counts(Map<String, Map<String, Long>> counts) {
    if (counts == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(32 + counts.size() * 64);
    objectOf(out, counts, (o, inner) -> objectOf(o, inner, StringBuilder::append));
    return out.toString();
  }

  /** An object whose non-null values {@code value} writes. */
  private static <V> void objectOf(
      StringBuilder out,
      Map<String, V> map,
      java.util.function.BiConsumer<StringBuilder, V> value) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, V> e : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, e.getKey());
      out.append(':');
      if (e.getValue() == null) {
        out.append("null");
      } else {
        value.accept(out, e.getValue());
      }
    }
    out.append('}');
  }

  static Map<String, Map<String, Long>> counts(String json) {
    if (json == null) {
      return Map.of();
    }
    Reader r = new Reader(json);
    Map<String, Map<String, Long>> out = r.counts();
    r.end();
    return out;
  }

  /** Written by hand: an initial sync writes one of these per record it creates or updates. */
  static String changes(Map<String, List<String>> changes) {
    if (changes == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(16 + changes.size() * 48);
    objectOf(out, changes, StoreJson::strings);
    return out.toString();
  }

  private static void strings(StringBuilder out, List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String v = values.get(i);
      if (v == null) {
        out.append("null");
      } else {
        string(out, v);
      }
    }
    out.append(']');
  }

  /** What {@link #changes(Map)} wrote; null for the literal {@code null} it writes for none. */
  static Map<String, List<String>> changes(String json) {
    if (json == null) {
      return Map.of();
    }
    Reader r = new Reader(json);
    Map<String, List<String>> out = r.changes();
    r.end();
    return out;
  }
}
