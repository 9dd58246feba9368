package dev.tandem.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the rule condition language (see docs/rules.md):
 *
 * <pre>
 * condition  = and-chain { "or" and-chain }
 * and-chain  = unary { "and" unary }
 * unary      = "not" unary | "(" condition ")" | comparison
 * comparison = field ( ("=" | "!=" | "contains" | "starts-with" | "ends-with") value
 *                    | "is" ["not"] "empty" | "in" "(" value { "," value } ")" )
 * </pre>
 *
 * Keywords are case-insensitive. A field is a run of letters, digits, {@code _ - .} or a name in
 * double quotes or backticks; a value is a single- or double-quoted string (a backslash escapes the
 * quote or itself) or a bare word.
 */
public final class ConditionParser {
  private final String text;
  private int pos;

  private ConditionParser(String text) {
    this.text = text;
  }

  /**
   * Parses a condition.
   *
   * @throws RuleSyntaxException when the text is blank or not a valid condition; its message names
   *     the column and what was expected there
   */
  public static Condition parse(String text) {
    if (text == null || text.isBlank()) {
      throw new RuleSyntaxException(
          "the condition is empty at column 1; write e.g. lifecyclestage = customer", 1);
    }
    ConditionParser parser = new ConditionParser(text);
    Condition condition = parser.orChain();
    parser.skipSpaces();
    if (!parser.atEnd()) {
      throw parser.unexpectedAfterCondition("the end of the condition");
    }
    return condition;
  }

  private Condition orChain() {
    List<Condition> parts = new ArrayList<>(List.of(andChain(null)));
    while (keyword("or")) {
      parts.add(andChain("'or'"));
    }
    return parts.size() == 1 ? parts.get(0) : new Junction(false, parts);
  }

  private Condition andChain(String after) {
    List<Condition> parts = new ArrayList<>(List.of(unary(after)));
    while (keyword("and")) {
      parts.add(unary("'and'"));
    }
    return parts.size() == 1 ? parts.get(0) : new Junction(true, parts);
  }

  private Condition unary(String after) {
    skipSpaces();
    String where = after == null ? "" : " after " + after;
    if (atEnd()) {
      throw error("expected a condition" + where, null);
    }
    if (text.charAt(pos) == '(') {
      int open = pos++;
      Condition inner = orChain();
      skipSpaces();
      if (atEnd()) {
        throw error("expected ')' to close the '(' from column " + (open + 1), null);
      }
      if (text.charAt(pos) != ')') {
        throw unexpectedAfterCondition("')'");
      }
      pos++;
      return inner;
    }
    if (keyword("not")) {
      return new Negation(unary("'not'"));
    }
    if (text.charAt(pos) == ')' || text.charAt(pos) == ',') {
      throw error("expected a condition" + where + " but found '" + text.charAt(pos) + "'", null);
    }
    return comparison();
  }

  private Condition comparison() {
    String field = fieldName();
    skipSpaces();
    if (atEnd()) {
      throw error("expected an operator after '" + field + "'", "use " + Operator.ALL);
    }
    if (text.startsWith("!=", pos)) {
      pos += 2;
      return new Comparison(field, Operator.NOT_EQUALS, List.of(value("'!='")));
    }
    if (text.startsWith("=", pos) && !text.startsWith("==", pos)) {
      pos++;
      return new Comparison(field, Operator.EQUALS, List.of(value("'='")));
    }
    int start = pos;
    String word = operatorWord();
    switch (word.toLowerCase(Locale.ROOT)) {
      case "contains":
        return new Comparison(field, Operator.CONTAINS, List.of(value("'" + word + "'")));
      case "starts-with":
        return new Comparison(field, Operator.STARTS_WITH, List.of(value("'" + word + "'")));
      case "ends-with":
        return new Comparison(field, Operator.ENDS_WITH, List.of(value("'" + word + "'")));
      case "in":
        return new Comparison(field, Operator.IN, valueList());
      case "is":
        return emptiness(field);
      default:
        pos = start;
        if (word.isEmpty()) {
          throw error(
              "expected an operator after '" + field + "' but found " + found(),
              "use " + Operator.ALL);
        }
        String hint =
            word.equalsIgnoreCase("not")
                ? "to negate a comparison put 'not' before it, e.g. not " + field + " = x"
                : "use " + Operator.ALL;
        throw error("unknown operator '" + word + "'", hint);
    }
  }

  private Condition emptiness(String field) {
    boolean negated = keyword("not");
    if (keyword("empty")) {
      return new Comparison(field, negated ? Operator.IS_NOT_EMPTY : Operator.IS_EMPTY, List.of());
    }
    skipSpaces();
    throw error(
        "expected 'empty' after '" + (negated ? "is not" : "is") + "' but found " + found(),
        "write " + field + " is empty or " + field + " is not empty");
  }

  private List<String> valueList() {
    skipSpaces();
    if (atEnd() || text.charAt(pos) != '(') {
      throw error("expected '(' after 'in' but found " + found(), "write e.g. country in (DE, AT)");
    }
    int open = pos++;
    List<String> values = new ArrayList<>();
    String after = "'('";
    while (true) {
      values.add(value(after));
      skipSpaces();
      if (atEnd()) {
        throw error("expected ',' or ')' to close the list opened at column " + (open + 1), null);
      }
      char c = text.charAt(pos++);
      if (c == ')') {
        return values;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ')' in the list but found " + found(), null);
      }
      after = "','";
    }
  }

  private String fieldName() {
    char c = text.charAt(pos);
    if (c == '"' || c == '`') {
      String name = quoted("field name");
      if (name.isBlank()) {
        throw error("the field name before column " + (pos + 1) + " is empty", null);
      }
      return name;
    }
    int start = pos;
    while (!atEnd() && Syntax.isNameChar(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw error(
          "expected a field name but found " + found(),
          "field names are letters, digits, _ - . or a name in quotes");
    }
    return text.substring(start, pos);
  }

  /** Reads a word operator, or a run of symbols so a wrong one (==, <>) can be named. */
  private String operatorWord() {
    int start = pos;
    if (Character.isLetter(text.charAt(pos))) {
      while (!atEnd() && Syntax.isNameChar(text.charAt(pos))) {
        pos++;
      }
    } else {
      while (!atEnd()
          && !Syntax.endsBareWord(text.charAt(pos))
          && !Character.isLetterOrDigit(text.charAt(pos))
          && "\"'`".indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
    }
    return text.substring(start, pos);
  }

  private String value(String after) {
    skipSpaces();
    if (atEnd() || text.charAt(pos) == ')' || text.charAt(pos) == ',') {
      String found = atEnd() ? "" : " but found '" + text.charAt(pos) + "'";
      throw error("expected a value after " + after + found, null);
    }
    char c = text.charAt(pos);
    if (c == '"' || c == '\'') {
      return quoted("text");
    }
    int start = pos;
    while (!atEnd() && !Syntax.endsBareWord(text.charAt(pos))) {
      pos++;
    }
    String word = text.substring(start, pos);
    if (Syntax.isJoiner(word)) {
      pos = start;
      throw error(
          "expected a value after " + after + " but found '" + word + "'",
          "put it in quotes if you mean the word: \"" + word + "\"");
    }
    return word;
  }

  /** Reads a quoted string at pos; a backslash escapes the quote character or a backslash. */
  private String quoted(String what) {
    int open = pos;
    char quote = text.charAt(pos++);
    StringBuilder out = new StringBuilder();
    while (!atEnd()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\\' && !atEnd() && (text.charAt(pos) == quote || text.charAt(pos) == '\\')) {
        c = text.charAt(pos++);
      }
      out.append(c);
    }
    throw new RuleSyntaxException(
        "unterminated "
            + what
            + " starting at column "
            + (open + 1)
            + "; close it with "
            + quote
            + " (write \\"
            + quote
            + " for a "
            + quote
            + " inside it)",
        open + 1);
  }

  /** Consumes a case-insensitive keyword when it is next, as a whole word. */
  private boolean keyword(String word) {
    skipSpaces();
    int end = pos + word.length();
    if (text.regionMatches(true, pos, word, 0, word.length())
        && (end == text.length() || !Syntax.isNameChar(text.charAt(end)))) {
      pos = end;
      return true;
    }
    return false;
  }

  private RuleSyntaxException unexpectedAfterCondition(String orElse) {
    if (text.charAt(pos) == ')') {
      return error("unmatched ')'", "remove it or add the '(' it closes");
    }
    if (text.charAt(pos) == ',') {
      return error("unexpected ','", "to match one of several values write: field in (v1, v2)");
    }
    return error(
        "unexpected " + found(),
        "expected 'and', 'or' or "
            + orElse
            + "; put a value with spaces in quotes, e.g. city = \"New York\"");
  }

  /** Describes what is at pos, for messages. */
  private String found() {
    if (atEnd()) {
      return "the end";
    }
    char c = text.charAt(pos);
    if (Syntax.endsBareWord(c)) {
      return "'" + c + "'";
    }
    int end = pos;
    while (end < text.length() && !Syntax.endsBareWord(text.charAt(end)) && end - pos < 30) {
      end++;
    }
    return "'" + text.substring(pos, end) + "'";
  }

  private RuleSyntaxException error(String what, String hint) {
    int column = pos + 1;
    return new RuleSyntaxException(
        what + " at column " + column + (hint == null ? "" : "; " + hint), column);
  }

  private void skipSpaces() {
    while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }
}
