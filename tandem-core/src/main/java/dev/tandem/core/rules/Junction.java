package dev.tandem.core.rules;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Two or more conditions joined by {@code and} (all must match) or {@code or} (any may match). */
record Junction(boolean and, List<Condition> parts) implements Condition {

  Junction {
    parts = List.copyOf(parts);
  }

  @Override
  public boolean test(Function<String, String> field) {
    return and
        ? parts.stream().allMatch(p -> p.test(field))
        : parts.stream().anyMatch(p -> p.test(field));
  }

  @Override
  public Set<String> fields() {
    Set<String> out = new LinkedHashSet<>();
    parts.forEach(p -> out.addAll(p.fields()));
    return Collections.unmodifiableSet(out);
  }

  @Override
  public String toString() {
    return parts.stream()
        .map(p -> needsParentheses(p) ? "(" + p + ")" : p.toString())
        .collect(Collectors.joining(and ? " and " : " or "));
  }

  /** {@code and} binds tighter than {@code or}, so only an {@code or} inside an {@code and}. */
  private boolean needsParentheses(Condition part) {
    return and && part instanceof Junction j && !j.and();
  }
}
