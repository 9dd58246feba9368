package dev.tandem.core.spi;

import dev.tandem.core.model.ObjectType;
import java.util.List;
import java.util.Optional;

/** An app's fields for one object type. */
public record Schema(ObjectType type, List<FieldDef> fields) {
  public Schema {
    fields = List.copyOf(fields);
  }

  public Optional<FieldDef> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The app's field for a canonical name, if it has one. */
  public Optional<FieldDef> byCanonical(String canonical) {
    return fields.stream().filter(f -> canonical.equals(f.canonical())).findFirst();
  }
}
