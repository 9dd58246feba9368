package dev.tandem.core.rules;

import java.util.Set;
import java.util.function.Function;

/**
 * A parsed rule condition, such as {@code lifecyclestage = customer and country in (DE, AT)}.
 *
 * <p>Made by {@link ConditionParser#parse(String)}. {@link #toString()} gives back a normalised
 * text form that parses to an equivalent condition.
 */
public interface Condition {

  /**
   * Whether a record matches.
   *
   * @param field returns a field's value, or null when the record has no such field; an absent
   *     field compares like the empty string
   */
  boolean test(Function<String, String> field);

  /** The names of the fields this condition refers to, in order of first mention. */
  Set<String> fields();
}
