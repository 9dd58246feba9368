package dev.tandem.core.mapping;

import java.util.Map;

/**
 * A mapping as a user wrote it, before it is checked against the apps' schemas.
 *
 * @param a A's field: a native name or a canonical one
 * @param b B's field: a native name or a canonical one
 * @param direction {@code both}, {@code a-to-b}, {@code b-to-a} or {@code off}; null means both
 * @param values picklist translation, A value to B value, or empty
 * @param transform a transform name ({@link Transforms#names()}), or null
 * @param where where it was written (file and line), for messages
 */
public record FieldMappingSpec(
    String a,
    String b,
    String direction,
    Map<String, String> values,
    String transform,
    String where) {
  public FieldMappingSpec {
    values = values == null ? Map.of() : Map.copyOf(values);
  }
}
