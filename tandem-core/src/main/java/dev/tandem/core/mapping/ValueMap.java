package dev.tandem.core.mapping;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Translates picklist values between the sides, e.g. {@code {customer: "3", lead: "1"}}. Lookups
 * ignore case and surrounding white space; a value with no entry passes through unchanged.
 */
public final class ValueMap {
  private final Map<String, String> toB = new LinkedHashMap<>();
  private final Map<String, String> toA = new LinkedHashMap<>();

  /**
   * A value map from config, A value to B value, in the order listed.
   *
   * @throws IllegalArgumentException when a value is null or blank, or an A value is listed twice
   *     (keys compare case-insensitively)
   */
  public ValueMap(Map<String, String> aToB) {
    Map<String, String> in = aToB == null ? Map.of() : aToB;
    for (Map.Entry<String, String> e : in.entrySet()) {
      String a = e.getKey();
      String b = e.getValue();
      if (a == null || a.isBlank() || b == null || b.isBlank()) {
        throw new IllegalArgumentException(
            "value map entry '"
                + a
                + "' → '"
                + b
                + "' has an empty value; give both sides a value");
      }
      if (toB.putIfAbsent(key(a), b.strip()) != null) {
        throw new IllegalArgumentException(
            "value map lists '"
                + a.strip()
                + "' more than once (values compare ignoring case); keep one entry");
      }
      toA.putIfAbsent(key(b), a.strip());
    }
  }

  /**
   * The B value for an A value; unmapped values (and null) are returned unchanged. A multi-valued
   * value ({@code "a;b"}) with no entry of its own is mapped value by value.
   */
  public String toB(String aValue) {
    return translate(toB, aValue);
  }

  /**
   * The A value for a B value; when several A values map to it, the first one listed. Unmapped
   * values (and null) are returned unchanged; multi-valued values are mapped value by value.
   */
  public String toA(String bValue) {
    return translate(toA, bValue);
  }

  /** Whether the map has no entries. */
  public boolean isEmpty() {
    return toB.isEmpty();
  }

  private static String translate(Map<String, String> map, String value) {
    if (value == null) {
      return null;
    }
    String whole = map.get(key(value));
    if (whole != null || value.indexOf(';') < 0) {
      return whole == null ? value : whole;
    }
    StringJoiner out = new StringJoiner(";");
    for (String part : value.split(";", -1)) {
      out.add(map.getOrDefault(key(part), part));
    }
    return out.toString();
  }

  private static String key(String value) {
    return value.strip().toLowerCase(Locale.ROOT);
  }
}
