package dev.tandem.core.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One object in one app, as its connector reads it.
 *
 * <p>Fields are keyed by the app's own field names (see {@link dev.tandem.core.spi.Schema}). An
 * absent field and an empty one are the same thing: blank values are dropped on construction, so
 * code never has to tell {@code null} from {@code ""}.
 *
 * @param id the app's native id
 * @param fields field name to value; never holds blank values
 * @param modified when the app last changed the record, or null when the app does not say
 * @param version the app's version tag (etag) for optimistic concurrency, or null
 */
public record Record(String id, Map<String, String> fields, Instant modified, String version) {

  public Record {
    Objects.requireNonNull(id, "id");
    fields = clean(fields);
  }

  public Record(String id, Map<String, String> fields) {
    this(id, fields, null, null);
  }

  /** The value of a field, or null when it is absent or blank. */
  public String get(String field) {
    return fields.get(field);
  }

  public Record withId(String newId) {
    return new Record(newId, fields, modified, version);
  }

  private static Map<String, String> clean(Map<String, String> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    in.forEach(
        (k, v) -> {
          if (k != null && v != null && !v.isBlank()) {
            out.put(k, v);
          }
        });
    return Collections.unmodifiableMap(out);
  }
}
