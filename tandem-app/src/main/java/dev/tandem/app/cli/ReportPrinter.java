package dev.tandem.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.engine.PlannedWrite;
import dev.tandem.engine.RunReport;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints run reports for people, or as one JSON object for scripts. */
public final class ReportPrinter {
  private final PrintStream out;

  public ReportPrinter(PrintStream out) {
    this.out = out;
  }

  public void json(List<RunReport> reports) {
    List<Map<String, Object>> list = reports.stream().map(ReportPrinter::toMap).toList();
    // Jackson's streaming writer, not its object mapper: setting the mapper up cost a short run
    // more than the sync of a small address book. Same output (indented, keys in map order).
    java.io.StringWriter text = new java.io.StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
      g.useDefaultPrettyPrinter();
      write(g, Map.of("connections", list));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot write the JSON report", e);
    }
    out.println(text);
  }

  private static void write(JsonGenerator g, Object value) throws java.io.IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof java.util.Collection<?> list) {
      g.writeStartArray();
      for (Object v : list) {
        write(g, v);
      }
      g.writeEndArray();
    } else if (value instanceof Long n) {
      g.writeNumber(n);
    } else if (value instanceof Integer n) {
      g.writeNumber(n);
    } else if (value instanceof Number n) {
      g.writeNumber(n.toString());
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString(value.toString());
    }
  }

  static Map<String, Object> toMap(RunReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.connection());
    m.put("run", r.runId());
    m.put("kind", r.kind());
    m.put("status", r.status());
    m.put("durationMs", r.duration().toMillis());
    m.put("error", r.error());
    Map<String, Object> objects = new LinkedHashMap<>();
    r.counts().forEach((type, c) -> objects.put(type.id(), objectMap(c)));
    m.put("objects", objects);
    m.put("apiCalls", Map.of("a", r.apiCallTotal(Side.A), "b", r.apiCallTotal(Side.B)));
    m.put(
        "apiCallsByEndpoint",
        Map.of(
            "a",
            r.apiCalls().getOrDefault(Side.A, Map.of()),
            "b",
            r.apiCalls().getOrDefault(Side.B, Map.of())));
    if (!r.plan().isEmpty() || "dry-run".equals(r.kind())) {
      m.put("plan", r.plan().stream().map(ReportPrinter::planMap).toList());
    }
    return m;
  }

  private static Map<String, Object> objectMap(Map<String, Long> c) {
    Map<String, Object> o = new LinkedHashMap<>();
    for (String what : List.of("created", "updated", "deleted")) {
      o.put(
          what, Map.of("a", c.getOrDefault(what + ".a", 0L), "b", c.getOrDefault(what + ".b", 0L)));
    }
    for (String what : List.of("linked", "conflicts", "failed", "excluded", "duplicates", "read")) {
      o.put(what, c.getOrDefault(what, 0L));
    }
    o.put(
        "apiCalls",
        Map.of("a", c.getOrDefault("apiCalls.a", 0L), "b", c.getOrDefault("apiCalls.b", 0L)));
    return o;
  }

  private static Map<String, Object> planMap(PlannedWrite w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", w.type().id());
    m.put("side", w.side().label());
    m.put("action", w.kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("id", w.id());
    m.put("fields", new java.util.TreeMap<>(w.fields()));
    return m;
  }

  public void text(RunReport r) {
    out.printf(
        "%s: %s sync %s in %.1f s%n",
        r.connection(), r.kind(), r.status(), r.duration().toMillis() / 1000.0);
    for (Map.Entry<ObjectType, Map<String, Long>> e : r.counts().entrySet()) {
      Map<String, Long> c = e.getValue();
      out.printf(
          "  %-8s created a %d / b %d · updated a %d / b %d · deleted a %d / b %d · linked %d · conflicts %d · failed %d · excluded %d · duplicates %d%n",
          e.getKey().id(),
          c.get("created.a"),
          c.get("created.b"),
          c.get("updated.a"),
          c.get("updated.b"),
          c.get("deleted.a"),
          c.get("deleted.b"),
          c.get("linked"),
          c.get("conflicts"),
          c.get("failed"),
          c.get("excluded"),
          c.get("duplicates"));
    }
    out.printf("  API calls: a %d · b %d%n", r.apiCallTotal(Side.A), r.apiCallTotal(Side.B));
    if ("dry-run".equals(r.kind())) {
      out.println(
          r.plan().isEmpty() ? "  plan: nothing to write" : "  plan (nothing was written):");
      for (PlannedWrite w : r.plan()) {
        out.printf(
            "    %s %-6s %s %s %s%n",
            w.type().id(),
            w.kind().name().toLowerCase(java.util.Locale.ROOT),
            w.side().label(),
            w.id(),
            w.fields().isEmpty() ? "" : new java.util.TreeMap<>(w.fields()));
      }
    }
    if (r.error() != null) {
      out.println("  " + ("completed".equals(r.status()) ? "" : r.status() + ": ") + r.error());
    }
    if (r.total("failed") > 0) {
      out.println(
          "  some records failed; `tandem status` lists them with the reason, and the next run retries them");
    }
  }
}
