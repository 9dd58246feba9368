package dev.tandem.core.mapping;

import dev.tandem.core.model.Record;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one side of a mapping reads its value from a record and writes a value back. Most mappings
 * read and write one native field; a full name on one side against first and last names on the
 * other reads and writes two.
 */
public sealed interface FieldAccess {

  /** The value, or null when absent. */
  String read(Record record);

  /** The native fields to set so that {@link #read} returns {@code value}; "" clears a field. */
  Map<String, String> write(String value);

  /** The native fields involved, for messages and validation. */
  List<String> fields();

  /** One native field. */
  record Single(String field) implements FieldAccess {
    @Override
    public String read(Record record) {
      return record.get(field);
    }

    @Override
    public Map<String, String> write(String value) {
      return Map.of(field, value == null ? "" : value);
    }

    @Override
    public List<String> fields() {
      return List.of(field);
    }
  }

  /** A full name held as first and last name fields. */
  record SplitName(String firstField, String lastField) implements FieldAccess {
    @Override
    public String read(Record record) {
      return NameParts.join(record.get(firstField), record.get(lastField));
    }

    @Override
    public Map<String, String> write(String value) {
      NameParts parts = NameParts.split(value);
      Map<String, String> out = new LinkedHashMap<>();
      out.put(firstField, parts.first() == null ? "" : parts.first());
      out.put(lastField, parts.last() == null ? "" : parts.last());
      return out;
    }

    @Override
    public List<String> fields() {
      return List.of(firstField, lastField);
    }
  }
}
