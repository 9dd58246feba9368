package dev.tandem.server.web;

import dev.tandem.core.mapping.Direction;
import dev.tandem.core.mapping.FieldAccess;
import dev.tandem.core.mapping.FieldMapping;
import dev.tandem.core.mapping.FieldMappingSpec;
import dev.tandem.core.mapping.MappingResolver;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.server.web.ConnectionPage.MappingRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The mapping editor of one object type: lists every mapped field (the defaults both apps' schemas
 * give, with the user's mappings laid over them) and turns the edited form back into the mappings
 * to store. Only what differs from the defaults is stored, so a connection keeps following new
 * defaults for the fields the user never touched.
 */
public final class MappingEditor {
  private final ObjectSyncSpec spec;
  private final Schema a;
  private final Schema b;
  private final List<Entry> entries = new ArrayList<>();

  /**
   * One line of the editor: the default it shows (or null) and the user's mapping over it (or
   * null).
   */
  private record Entry(
      FieldMapping fallback, FieldMappingSpec own, String key, String aField, String bField) {
    boolean editable() {
      return fallback == null
          || (fallback.a() instanceof FieldAccess.Single
              && fallback.b() instanceof FieldAccess.Single);
    }
  }

  /** Why a form could not be turned into mappings. */
  public static final class EditError extends RuntimeException {
    EditError(String message) {
      super(message);
    }
  }

  public MappingEditor(ObjectSyncSpec spec, Schema a, Schema b) {
    this.spec = spec;
    this.a = a;
    this.b = b;
    List<FieldMappingSpec> unmatched = new ArrayList<>(spec.fields());
    for (FieldMapping d : MappingResolver.defaults(spec.type(), a, b)) {
      FieldMappingSpec own = null;
      boolean replaced = false;
      for (FieldMappingSpec s : spec.fields()) {
        Optional<FieldDef> fa = resolve(a, s.a());
        Optional<FieldDef> fb = resolve(b, s.b());
        boolean clash =
            fa.map(f -> d.a().fields().contains(f.name())).orElse(false)
                || fb.map(f -> d.b().fields().contains(f.name())).orElse(false);
        if (!clash) {
          continue;
        }
        if (own == null && key(s).equals(d.key())) {
          own = s;
          unmatched.remove(s);
        } else {
          // The engine drops a default that a mapping of other fields touches.
          replaced = true;
        }
      }
      if (!replaced || own != null) {
        entries.add(
            new Entry(
                d,
                own,
                d.key(),
                String.join(" + ", d.a().fields()),
                String.join(" + ", d.b().fields())));
      }
    }
    for (FieldMappingSpec s : unmatched) {
      entries.add(new Entry(null, s, key(s), s.a(), s.b()));
    }
  }

  /** The editor's rows, in the order the form posts them back. */
  public List<MappingRow> rows() {
    List<MappingRow> rows = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      String direction =
          e.own() != null && e.own().direction() != null
              ? Direction.parse(e.own().direction()).map(Direction::id).orElse(e.own().direction())
              : e.fallback() != null && e.own() == null ? e.fallback().direction().id() : "both";
      rows.add(
          new MappingRow(
              i,
              e.key(),
              e.aField(),
              e.bField(),
              direction,
              e.fallback() == null ? null : e.fallback().direction().id(),
              e.own() == null ? "" : valuesText(e.own().values()),
              e.editable(),
              e.own() == null || e.own().transform() == null ? "" : e.own().transform()));
    }
    return rows;
  }

  /**
   * The rows with the values of a refused form, so that nothing the user chose is lost when the
   * page shows why it was refused.
   */
  public List<MappingRow> rows(Function<String, String> form) {
    List<MappingRow> out = new ArrayList<>();
    for (MappingRow r : rows()) {
      String d = form.apply("direction." + r.index());
      String v = form.apply("values." + r.index());
      out.add(
          new MappingRow(
              r.index(),
              r.key(),
              r.aField(),
              r.bField(),
              d == null || !r.editable() ? r.direction() : d,
              r.defaultDirection(),
              v == null || !r.editable() ? r.values() : v,
              r.editable(),
              r.transform()));
    }
    return out;
  }

  /**
   * The mappings to store after an edit.
   *
   * @param form the posted form: {@code key.N}, {@code direction.N}, {@code values.N} per row and
   *     {@code new.a}, {@code new.b}, {@code new.direction}, {@code new.values} for an added
   *     mapping
   * @throws EditError when the form does not fit the rows shown (the connection changed meanwhile)
   *     or a value is invalid, or the mappings do not fit the apps' fields; the message says which
   *     field and why
   */
  public List<FieldMappingSpec> apply(Function<String, String> form) {
    List<FieldMappingSpec> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      String postedKey = form.apply("key." + i);
      if (postedKey != null && !postedKey.equals(e.key())) {
        throw new EditError(
            "the mappings changed since this page was opened; reload it and make your change again");
      }
      if (!e.editable()) {
        if (e.own() != null) {
          out.add(e.own());
        }
        continue;
      }
      String direction = direction(form.apply("direction." + i), e.key());
      if (direction == null) {
        direction = rows().get(i).direction();
      }
      Map<String, String> values = values(form.apply("values." + i), e.key());
      String transform = e.own() == null ? null : e.own().transform();
      boolean asDefault =
          e.fallback() != null
              && direction.equals(e.fallback().direction().id())
              && values.isEmpty()
              && transform == null;
      if (asDefault) {
        continue;
      }
      String fa = e.own() != null ? e.own().a() : single(e.fallback().a());
      String fb = e.own() != null ? e.own().b() : single(e.fallback().b());
      out.add(new FieldMappingSpec(fa, fb, direction, values, transform, "mapping " + e.key()));
    }
    String newA = trim(form.apply("new.a"));
    String newB = trim(form.apply("new.b"));
    if (!newA.isEmpty() || !newB.isEmpty()) {
      if (newA.isEmpty() || newB.isEmpty()) {
        throw new EditError("a new mapping needs both an A field and a B field");
      }
      String direction = direction(form.apply("new.direction"), "the new mapping");
      out.add(
          new FieldMappingSpec(
              newA,
              newB,
              direction == null ? "both" : direction,
              values(form.apply("new.values"), "the new mapping"),
              null,
              "new mapping " + newA + " ↔ " + newB));
    }
    try {
      MappingResolver.resolve(spec.type(), a, b, out);
    } catch (ConfigException | IllegalArgumentException ex) {
      throw new EditError(ex.getMessage());
    }
    return out;
  }

  /** The field names of one side, for the new-mapping form's suggestions. */
  public static List<String> fieldNames(Schema schema) {
    return schema == null
        ? List.of()
        : schema.fields().stream().map(FieldDef::name).sorted().toList();
  }

  private String key(FieldMappingSpec s) {
    Optional<FieldDef> fa = resolve(a, s.a());
    Optional<FieldDef> fb = resolve(b, s.b());
    if (fa.isPresent() && fb.isPresent()) {
      String ca = fa.get().canonical();
      return ca != null && ca.equals(fb.get().canonical())
          ? ca
          : fa.get().name() + "~" + fb.get().name();
    }
    return s.a() + "~" + s.b();
  }

  private static Optional<FieldDef> resolve(Schema s, String name) {
    return name == null ? Optional.empty() : s.field(name).or(() -> s.byCanonical(name));
  }

  private static String single(FieldAccess access) {
    return ((FieldAccess.Single) access).field();
  }

  private static String direction(String posted, String what) {
    if (posted == null || posted.isBlank()) {
      return null;
    }
    return Direction.parse(posted)
        .map(Direction::id)
        .orElseThrow(
            () ->
                new EditError(
                    what
                        + ": unknown direction '"
                        + posted
                        + "'; use both, a-to-b, b-to-a or off"));
  }

  /** Parses a value map written one {@code A value = B value} per line. */
  static Map<String, String> values(String text, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    for (FormLine l : FormLine.of(text)) {
      String line = l.text();
      int eq = line.indexOf('=');
      if (eq <= 0 || eq == line.length() - 1) {
        throw new EditError(
            "value map of "
                + what
                + ", line "
                + l.number()
                + ": write 'A value = B value', not '"
                + line
                + "'");
      }
      String av = line.substring(0, eq).strip();
      String bv = line.substring(eq + 1).strip();
      if (av.isEmpty() || bv.isEmpty()) {
        throw new EditError(
            "value map of " + what + ", line " + l.number() + ": both values are needed");
      }
      if (out.putIfAbsent(av, bv) != null) {
        throw new EditError(
            "value map of " + what + " lists '" + av + "' twice; keep one line for it");
      }
    }
    return out;
  }

  static String valuesText(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    // The stored map keeps no order; sorted, the editor shows the same text every time.
    new java.util.TreeMap<>(values)
        .forEach(
            (k, v) -> out.append(out.length() == 0 ? "" : "\n").append(k).append(" = ").append(v));
    return out.toString();
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }
}
