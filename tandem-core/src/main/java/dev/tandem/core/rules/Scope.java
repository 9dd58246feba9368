package dev.tandem.core.rules;

import dev.tandem.core.model.Side;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides which records sync in which direction. A direction with no rules lets every record
 * through (PieSync's default all-inclusive rule); once a direction has rules, only records matching
 * at least one of them go that way.
 */
public final class Scope {
  private final Map<Side, List<Rule>> rules = new EnumMap<>(Side.class);

  /** A scope from the rules of both directions, in the order the user listed them. */
  public Scope(List<Rule> rules) {
    for (Side side : Side.values()) {
      this.rules.put(side, rules.stream().filter(r -> r.from() == side).toList());
    }
  }

  /** The scope that lets every record through both ways. */
  public static Scope everything() {
    return new Scope(List.of());
  }

  /** The rules for records going from {@code from} to the other side. */
  public List<Rule> rules(Side from) {
    return rules.get(from);
  }

  /**
   * Whether a record read on side {@code from} goes to the other side.
   *
   * @param field the record's field values by name (null when absent)
   * @return in scope with the merged set-actions of all matching rules (later rules override
   *     earlier ones on the same field), or out of scope with a reason naming the direction and its
   *     rules
   */
  public Decision decide(Side from, Function<String, String> field) {
    List<Rule> direction = rules.get(from);
    if (direction.isEmpty()) {
      return new Decision(true, null, Map.of());
    }
    Map<String, String> set = new LinkedHashMap<>();
    boolean matched = false;
    for (Rule rule : direction) {
      if (rule.matches(field)) {
        matched = true;
        set.putAll(rule.set());
      }
    }
    if (matched) {
      return new Decision(true, null, set);
    }
    String listed = direction.stream().map(Rule::describe).collect(Collectors.joining("; "));
    String reason =
        "no rule for "
            + from.label()
            + " → "
            + from.other().label()
            + " matches (rules: "
            + listed
            + ")";
    return new Decision(false, reason, Map.of());
  }

  /**
   * The outcome for one record and direction.
   *
   * @param inScope whether the record syncs that way
   * @param reason why it does not, for health and activity; null when in scope
   * @param set fields to set on the other side; empty when out of scope or nothing to set
   */
  public record Decision(boolean inScope, String reason, Map<String, String> set) {
    public Decision {
      set = set == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }
  }
}
