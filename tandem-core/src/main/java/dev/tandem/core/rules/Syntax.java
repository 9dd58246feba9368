package dev.tandem.core.rules;

import java.util.Locale;

/** Character classes and quoting shared by the parser and the normalised text form. */
final class Syntax {
  private Syntax() {}

  static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
  }

  /** Ends a bare value: white space and the characters of lists and groups. */
  static boolean endsBareWord(char c) {
    return Character.isWhitespace(c) || c == '(' || c == ')' || c == ',';
  }

  static boolean isJoiner(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return w.equals("and") || w.equals("or");
  }

  /** A field name as the parser reads it back: bare when it can be, else in backticks. */
  static String fieldName(String name) {
    boolean bare = !name.isEmpty() && !name.equalsIgnoreCase("not");
    for (int i = 0; bare && i < name.length(); i++) {
      bare = isNameChar(name.charAt(i));
    }
    return bare ? name : quote(name, '`');
  }

  /** A value as the parser reads it back: a bare word when it can be, else double-quoted. */
  static String value(String value) {
    boolean bare = !value.isEmpty() && !isJoiner(value);
    for (int i = 0; bare && i < value.length(); i++) {
      char c = value.charAt(i);
      bare = !endsBareWord(c) && c != '"' && c != '\'' && c != '`';
    }
    return bare ? value : quote(value, '"');
  }

  private static String quote(String s, char q) {
    StringBuilder out = new StringBuilder().append(q);
    for (char c : s.toCharArray()) {
      if (c == q || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append(q).toString();
  }
}
