package dev.tandem.server.web;

import dev.tandem.core.model.Side;
import dev.tandem.core.rules.ConditionParser;
import dev.tandem.core.rules.Rule;
import dev.tandem.core.rules.RuleSyntaxException;
import dev.tandem.server.web.ConnectionPage.RuleRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The rule editor of one object type: lists the rules, adds and removes one. */
public final class RuleEditor {
  private RuleEditor() {}

  /** Why a rule cannot be added, in words the form shows next to the condition. */
  public static final class RuleError extends RuntimeException {
    RuleError(String message) {
      super(message);
    }
  }

  public static List<RuleRow> rows(List<Rule> rules) {
    List<RuleRow> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      out.add(
          new RuleRow(
              i,
              r.from() == Side.A ? "a-to-b" : "b-to-a",
              r.describe(),
              r.set().entrySet().stream()
                  .map(e -> e.getKey() + " = " + e.getValue())
                  .collect(Collectors.joining(", "))));
    }
    return out;
  }

  /**
   * The rules with one more at the end.
   *
   * @param direction {@code a-to-b} or {@code b-to-a}
   * @param when the condition; blank matches every record
   * @param set one {@code field = value} per line
   * @throws RuleError when the condition does not parse (with the parser's message) or a line of
   *     {@code set} is not {@code field = value}
   */
  public static List<Rule> add(List<Rule> rules, String direction, String when, String set) {
    Side from =
        switch (direction == null ? "" : direction.strip()) {
          case "a-to-b" -> Side.A;
          case "b-to-a" -> Side.B;
          default ->
              throw new RuleError(
                  "a rule's direction must be a-to-b or b-to-a, not '" + direction + "'");
        };
    Rule rule;
    try {
      rule = Rule.of(from, when == null ? null : when.strip(), set(set));
    } catch (RuleSyntaxException e) {
      throw new RuleError("bad condition: " + e.getMessage());
    }
    List<Rule> out = new ArrayList<>(rules);
    out.add(rule);
    return out;
  }

  /** The rules without the one at {@code index}. */
  public static List<Rule> remove(List<Rule> rules, int index) {
    if (index < 0 || index >= rules.size()) {
      throw new RuleError("that rule no longer exists; reload the page");
    }
    List<Rule> out = new ArrayList<>(rules);
    out.remove(index);
    return out;
  }

  /** The parser's verdict on a condition as it is typed: null when it is fine (or blank). */
  public static String check(String when) {
    if (when == null || when.isBlank()) {
      return null;
    }
    try {
      ConditionParser.parse(when);
      return null;
    } catch (RuleSyntaxException e) {
      return "bad condition: " + e.getMessage();
    }
  }

  static Map<String, String> set(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (FormLine l : FormLine.of(text)) {
      String line = l.text();
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new RuleError(
            "'set', line " + l.number() + ": write 'field = value', not '" + line + "'");
      }
      String field = line.substring(0, eq).strip();
      if (out.put(field, line.substring(eq + 1).strip()) != null) {
        throw new RuleError("'set' gives field '" + field + "' twice; keep one line for it");
      }
    }
    return out;
  }
}
