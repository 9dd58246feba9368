package dev.tandem.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One test of one field. Values compare case-insensitively and trimmed; an absent field is the
 * empty string. A multi-valued field ({@code "a;b"}) matches {@code =} and {@code in} when any of
 * its values does, while {@code contains}, {@code starts-with} and {@code ends-with} look at the
 * whole string.
 */
record Comparison(String field, Operator op, List<String> values) implements Condition {

  Comparison {
    values = List.copyOf(values);
  }

  @Override
  public boolean test(Function<String, String> lookup) {
    String raw = lookup.apply(field);
    String whole = normalise(raw);
    return switch (op) {
      case EQUALS -> anyPartIn(raw, values);
      case NOT_EQUALS -> !anyPartIn(raw, values);
      case IN -> anyPartIn(raw, values);
      case CONTAINS -> whole.contains(normalise(values.get(0)));
      case STARTS_WITH -> whole.startsWith(normalise(values.get(0)));
      case ENDS_WITH -> whole.endsWith(normalise(values.get(0)));
      case IS_EMPTY -> parts(raw).equals(List.of(""));
      case IS_NOT_EMPTY -> !parts(raw).equals(List.of(""));
    };
  }

  @Override
  public Set<String> fields() {
    return Set.of(field);
  }

  @Override
  public String toString() {
    String name = Syntax.fieldName(field);
    return switch (op) {
      case IS_EMPTY, IS_NOT_EMPTY -> name + " " + op.text;
      case IN ->
          name
              + " in ("
              + values.stream().map(Syntax::value).collect(Collectors.joining(", "))
              + ")";
      default -> name + " " + op.text + " " + Syntax.value(values.get(0));
    };
  }

  private static boolean anyPartIn(String raw, List<String> wanted) {
    List<String> parts = parts(raw);
    return wanted.stream().map(Comparison::normalise).anyMatch(parts::contains);
  }

  /** The non-blank values of a ';'-separated field, normalised; [""] when there are none. */
  private static List<String> parts(String raw) {
    List<String> out = new ArrayList<>();
    if (raw != null) {
      for (String part : raw.split(";")) {
        String p = normalise(part);
        if (!p.isEmpty()) {
          out.add(p);
        }
      }
    }
    return out.isEmpty() ? List.of("") : out;
  }

  private static String normalise(String value) {
    return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
  }
}
