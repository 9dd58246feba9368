package dev.tandem.core.mapping;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The mappings of one object type of a connection, resolved against both apps' schemas. */
public record MappingSet(List<FieldMapping> mappings) {
  public MappingSet {
    mappings = List.copyOf(mappings);
  }

  /**
   * The compared form of every mapping's value in a record, keyed by mapping key; absent values
   * left out.
   */
  public Map<String, String> compared(Side side, Record record) {
    Map<String, String> out = new LinkedHashMap<>();
    for (FieldMapping m : mappings) {
      String v = m.compared(side, record);
      if (v != null) {
        out.put(m.key(), v);
      }
    }
    return out;
  }

  /** Native fields of {@code side} that some mapping reads or writes. */
  public Set<String> nativeFields(Side side) {
    Set<String> out = new HashSet<>();
    mappings.forEach(m -> out.addAll(m.access(side).fields()));
    return out;
  }

  public boolean isEmpty() {
    return mappings.isEmpty();
  }
}
