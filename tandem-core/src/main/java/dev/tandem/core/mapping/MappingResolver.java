package dev.tandem.core.mapping;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.schema.CanonicalFields;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the mappings of an object type: every canonical field both apps have, both ways, then the
 * mappings the user wrote, which replace defaults that touch the same fields.
 */
public final class MappingResolver {
  private static final Set<String> NAME_FIELDS =
      Set.of(CanonicalFields.FIRST_NAME, CanonicalFields.LAST_NAME, CanonicalFields.FULL_NAME);

  private MappingResolver() {}

  public static MappingSet resolve(
      ObjectType type, Schema a, Schema b, List<FieldMappingSpec> specs) {
    List<FieldMapping> explicit = new ArrayList<>();
    for (FieldMappingSpec spec : specs) {
      explicit.add(explicit(spec, a, b));
    }
    Set<String> takenA = new HashSet<>();
    Set<String> takenB = new HashSet<>();
    explicit.forEach(
        m -> {
          takenA.addAll(m.a().fields());
          takenB.addAll(m.b().fields());
        });
    List<FieldMapping> out = new ArrayList<>();
    for (FieldMapping m : defaults(type, a, b)) {
      boolean clash =
          m.a().fields().stream().anyMatch(takenA::contains)
              || m.b().fields().stream().anyMatch(takenB::contains);
      if (!clash && m.direction() != Direction.OFF) {
        out.add(m);
      }
    }
    explicit.stream().filter(m -> m.direction() != Direction.OFF).forEach(out::add);
    return new MappingSet(out);
  }

  /** The default mappings: same canonical field on both sides, names split or joined as needed. */
  public static List<FieldMapping> defaults(ObjectType type, Schema a, Schema b) {
    List<FieldMapping> out = new ArrayList<>();
    for (String c : CanonicalFields.of(type)) {
      if (NAME_FIELDS.contains(c)) {
        continue;
      }
      Optional<FieldDef> fa = a.byCanonical(c);
      Optional<FieldDef> fb = b.byCanonical(c);
      if (fa.isEmpty() || fb.isEmpty()) {
        continue;
      }
      single(c, fa.get(), fb.get(), Direction.BOTH, null, null).ifPresent(out::add);
    }
    if (type == ObjectType.CONTACT) {
      names(a, b).ifPresent(out::addAll);
    }
    return out;
  }

  private static Optional<List<FieldMapping>> names(Schema a, Schema b) {
    Optional<FieldDef> af = writable(a, CanonicalFields.FIRST_NAME);
    Optional<FieldDef> al = writable(a, CanonicalFields.LAST_NAME);
    Optional<FieldDef> bf = writable(b, CanonicalFields.FIRST_NAME);
    Optional<FieldDef> bl = writable(b, CanonicalFields.LAST_NAME);
    Optional<FieldDef> aFull = writable(a, CanonicalFields.FULL_NAME);
    Optional<FieldDef> bFull = writable(b, CanonicalFields.FULL_NAME);
    boolean aSplit = af.isPresent() && al.isPresent();
    boolean bSplit = bf.isPresent() && bl.isPresent();
    List<FieldMapping> out = new ArrayList<>();
    if (aSplit && bSplit) {
      single(CanonicalFields.FIRST_NAME, af.get(), bf.get(), Direction.BOTH, null, null)
          .ifPresent(out::add);
      single(CanonicalFields.LAST_NAME, al.get(), bl.get(), Direction.BOTH, null, null)
          .ifPresent(out::add);
    } else if (aSplit && bFull.isPresent()) {
      out.add(
          new FieldMapping(
              CanonicalFields.FULL_NAME,
              new FieldAccess.SplitName(af.get().name(), al.get().name()),
              new FieldAccess.Single(bFull.get().name()),
              Direction.BOTH,
              null,
              null,
              Comparison.TEXT));
    } else if (bSplit && aFull.isPresent()) {
      out.add(
          new FieldMapping(
              CanonicalFields.FULL_NAME,
              new FieldAccess.Single(aFull.get().name()),
              new FieldAccess.SplitName(bf.get().name(), bl.get().name()),
              Direction.BOTH,
              null,
              null,
              Comparison.TEXT));
    } else if (aFull.isPresent() && bFull.isPresent()) {
      single(CanonicalFields.FULL_NAME, aFull.get(), bFull.get(), Direction.BOTH, null, null)
          .ifPresent(out::add);
    }
    return Optional.of(out);
  }

  private static Optional<FieldDef> writable(Schema s, String canonical) {
    return s.byCanonical(canonical).filter(f -> !f.readOnly());
  }

  private static Optional<FieldMapping> single(
      String key, FieldDef fa, FieldDef fb, Direction wanted, ValueMap values, Transform t) {
    Direction d = wanted;
    if (fb.readOnly()) {
      d = d.without(Side.A);
    }
    if (fa.readOnly()) {
      d = d.without(Side.B);
    }
    if (d == Direction.OFF) {
      return Optional.empty();
    }
    return Optional.of(
        new FieldMapping(
            key,
            new FieldAccess.Single(fa.name()),
            new FieldAccess.Single(fb.name()),
            d,
            values,
            t,
            Comparison.forTypes(fa.type(), fb.type())));
  }

  private static FieldMapping explicit(FieldMappingSpec spec, Schema a, Schema b) {
    String where = spec.where() == null ? "" : spec.where() + ": ";
    if (spec.a() == null || spec.b() == null) {
      throw new ConfigException(where + "a mapping needs both 'a' and 'b' fields");
    }
    FieldDef fa = field(a, spec.a(), "a", where);
    FieldDef fb = field(b, spec.b(), "b", where);
    Direction d = Direction.BOTH;
    if (spec.direction() != null) {
      d =
          Direction.parse(spec.direction())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          where
                              + "unknown direction '"
                              + spec.direction()
                              + "'; use both, a-to-b, b-to-a or off"));
    }
    if (d.flowsFrom(Side.A) && fb.readOnly()) {
      throw new ConfigException(
          where
              + "b field '"
              + fb.name()
              + "' is read-only, so it cannot receive values from a; use direction b-to-a");
    }
    if (d.flowsFrom(Side.B) && fa.readOnly()) {
      throw new ConfigException(
          where
              + "a field '"
              + fa.name()
              + "' is read-only, so it cannot receive values from b; use direction a-to-b");
    }
    Transform t = null;
    if (spec.transform() != null) {
      java.util.List<Transform> steps = new ArrayList<>();
      for (String name : spec.transform().split(",")) {
        steps.add(
            Transforms.named(name.trim())
                .orElseThrow(
                    () ->
                        new ConfigException(
                            where
                                + "unknown transform '"
                                + name.trim()
                                + "'; known: "
                                + String.join(", ", new java.util.TreeSet<>(Transforms.names())))));
      }
      t = steps.size() == 1 ? steps.get(0) : Transforms.chain(steps);
    }
    ValueMap values = spec.values().isEmpty() ? null : new ValueMap(spec.values());
    String key =
        fa.canonical() != null && fa.canonical().equals(fb.canonical())
            ? fa.canonical()
            : fa.name() + "~" + fb.name();
    Comparison cmp = values != null ? Comparison.TEXT : Comparison.forTypes(fa.type(), fb.type());
    return new FieldMapping(
        key,
        new FieldAccess.Single(fa.name()),
        new FieldAccess.Single(fb.name()),
        d,
        values,
        t,
        cmp);
  }

  private static FieldDef field(Schema s, String name, String side, String where) {
    return s.field(name)
        .or(() -> s.byCanonical(name))
        .orElseThrow(
            () ->
                new ConfigException(
                    where
                        + side
                        + " has no field '"
                        + name
                        + "' for "
                        + s.type().id()
                        + "s; its fields: "
                        + s.fields().stream()
                            .map(FieldDef::name)
                            .collect(Collectors.joining(", "))));
  }
}
