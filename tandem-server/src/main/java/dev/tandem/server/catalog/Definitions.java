package dev.tandem.server.catalog;

import dev.tandem.core.mapping.FieldMappingSpec;
import dev.tandem.core.rules.Rule;
import dev.tandem.core.sync.DeleteGuard;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.config.TandemConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a parsed connection back as a definition in the shape of a YAML {@code connections:}
 * entry, so that connections seeded from the config file are stored (and shown, and edited) the
 * same way as those created through the API.
 */
public final class Definitions {
  private Definitions() {}

  public static Map<String, Object> toMap(TandemConfig.Connection c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("a", c.a());
    m.put("b", c.b());
    m.put("every", duration(c.every()));
    Map<String, Object> objects = new LinkedHashMap<>();
    for (ObjectSyncSpec o : c.objects()) {
      objects.put(o.type().id(), object(o));
    }
    m.put("objects", objects);
    return m;
  }

  private static Map<String, Object> object(ObjectSyncSpec o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("match", new ArrayList<>(o.match()));
    m.put("conflict", o.conflict().id());
    m.put("deletes", o.deletes().id());
    if (!o.deleteGuard().equals(DeleteGuard.DEFAULT)) {
      DeleteGuard g = o.deleteGuard();
      m.put(
          "delete-guard",
          g.maxCount() == 0 ? trim(g.maxPercent()) + "%" : Integer.toString(g.maxCount()));
    }
    List<Object> fields = new ArrayList<>();
    for (FieldMappingSpec f : o.fields()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("a", f.a());
      fm.put("b", f.b());
      if (f.direction() != null) {
        fm.put("direction", f.direction());
      }
      if (!f.values().isEmpty()) {
        fm.put("values", new LinkedHashMap<>(f.values()));
      }
      if (f.transform() != null) {
        fm.put("transform", f.transform());
      }
      fields.add(fm);
    }
    m.put("fields", fields);
    List<Object> rules = new ArrayList<>();
    for (Rule r : o.rules()) {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("direction", r.from() == dev.tandem.core.model.Side.A ? "a-to-b" : "b-to-a");
      if (r.text() != null && !r.text().isBlank()) {
        rm.put("when", r.text());
      }
      if (!r.set().isEmpty()) {
        rm.put("set", new LinkedHashMap<>(r.set()));
      }
      rules.add(rm);
    }
    m.put("rules", rules);
    return m;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** A duration as config writes it: {@code 90s}, {@code 5m}, {@code 1h}. */
  public static String duration(Duration d) {
    long s = d.toSeconds();
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
