package dev.tandem.core.rules;

import dev.tandem.core.model.Side;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * If a record on side {@code from} matches {@code when}, sync it to the other side and set these
 * fields there.
 *
 * @param from the side the record is read from
 * @param when the condition, or null to match every record
 * @param text the condition as the user wrote it, for messages; null when {@code when} is null
 * @param set fields (of the other side) and the values to give them, in order; never null
 */
public record Rule(Side from, Condition when, String text, Map<String, String> set) {

  public Rule {
    Objects.requireNonNull(from, "from");
    set = set == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(set));
  }

  /**
   * A rule from its config text: a blank or null {@code when} matches every record.
   *
   * @throws RuleSyntaxException when {@code when} is not a valid condition
   */
  public static Rule of(Side from, String when, Map<String, String> set) {
    boolean always = when == null || when.isBlank();
    return new Rule(from, always ? null : ConditionParser.parse(when), always ? null : when, set);
  }

  /** Whether a record on side {@link #from()} matches this rule. */
  public boolean matches(Function<String, String> field) {
    return when == null || when.test(field);
  }

  /** The condition for messages: the text as written, else the normalised form. */
  public String describe() {
    if (when == null) {
      return "(every record)";
    }
    return text == null || text.isBlank() ? when.toString() : text.strip();
  }
}
