package dev.tandem.core.rules;

import java.util.Set;
import java.util.function.Function;

/** {@code not} a condition. */
record Negation(Condition inner) implements Condition {

  @Override
  public boolean test(Function<String, String> field) {
    return !inner.test(field);
  }

  @Override
  public Set<String> fields() {
    return inner.fields();
  }

  @Override
  public String toString() {
    return inner instanceof Junction ? "not (" + inner + ")" : "not " + inner;
  }
}
