package dev.tandem.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.tandem.core.mapping.FieldMappingSpec;
import dev.tandem.core.model.Side;
import dev.tandem.core.rules.Rule;
import dev.tandem.core.sync.DeleteGuard;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.config.TandemConfig;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a connection back in the shape of one entry of the config's {@code connections:}, the form
 * the catalog stores and {@code ConfigLoader.parseConnection} reads. Defaults are left out, so the
 * text says only what the user chose.
 */
public final class ConnectionYaml {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private ConnectionYaml() {}

  public static String write(TandemConfig.Connection c) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", c.name());
    root.put("a", c.a());
    root.put("b", c.b());
    root.put("every", duration(c.every()));
    Map<String, Object> objects = new LinkedHashMap<>();
    for (ObjectSyncSpec o : c.objects()) {
      objects.put(o.type().id(), object(o));
    }
    root.put("objects", objects);
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> object(ObjectSyncSpec o) {
    ObjectSyncSpec d = ObjectSyncSpec.defaults(o.type());
    Map<String, Object> m = new LinkedHashMap<>();
    if (!o.match().equals(d.match())) {
      m.put("match", o.match());
    }
    if (o.conflict() != d.conflict()) {
      m.put("conflict", o.conflict().id());
    }
    if (o.deletes() != d.deletes()) {
      m.put("deletes", o.deletes().id());
    }
    String guard = guard(o.deleteGuard());
    if (guard != null) {
      m.put("delete-guard", guard);
    }
    if (!o.fields().isEmpty()) {
      List<Map<String, Object>> fields = new ArrayList<>();
      for (FieldMappingSpec f : o.fields()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("a", f.a());
        fm.put("b", f.b());
        if (f.direction() != null) {
          fm.put("direction", f.direction());
        }
        if (!f.values().isEmpty()) {
          fm.put("values", new java.util.TreeMap<>(f.values()));
        }
        if (f.transform() != null) {
          fm.put("transform", f.transform());
        }
        fields.add(fm);
      }
      m.put("fields", fields);
    }
    if (!o.rules().isEmpty()) {
      List<Map<String, Object>> rules = new ArrayList<>();
      for (Rule r : o.rules()) {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("direction", r.from() == Side.A ? "a-to-b" : "b-to-a");
        if (r.when() != null) {
          rm.put("when", r.text() != null && !r.text().isBlank() ? r.text() : r.when().toString());
        }
        if (!r.set().isEmpty()) {
          rm.put("set", r.set());
        }
        rules.add(rm);
      }
      m.put("rules", rules);
    }
    return m;
  }

  /** The guard as config text, or null for the default (which the text form cannot spell). */
  private static String guard(DeleteGuard g) {
    if (g.equals(DeleteGuard.DEFAULT)) {
      return null;
    }
    if (g.maxPercent() == 0) {
      return Integer.toString(g.maxCount());
    }
    double p = g.maxPercent();
    return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "%";
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
