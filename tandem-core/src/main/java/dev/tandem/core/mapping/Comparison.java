package dev.tandem.core.mapping;

import dev.tandem.core.spi.FieldDef.FieldType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The form in which two values are compared, so that formatting an app adds on its own ("+1 555" vs
 * "+1555", "Ada@X.com" vs "ada@x.com", tag order) is not mistaken for an edit. Values are written
 * as the user typed them; only comparisons use this form.
 */
public enum Comparison {
  TEXT,
  EMAIL,
  PHONE,
  NUMBER,
  SET,
  /** Calendar dates: a date-time counts by its date, as a date-only column stores it. */
  DATE;

  public static Comparison forType(FieldType type) {
    return switch (type) {
      case EMAIL -> EMAIL;
      case PHONE -> PHONE;
      case NUMBER -> NUMBER;
      case MULTI -> SET;
      case DATE -> DATE;
      default -> TEXT;
    };
  }

  /**
   * How the values of two fields compare: by date when one holds dates and the other dates or
   * date-times (HubSpot's close date against Dynamics' date-only column, say), otherwise by the
   * more specific of the two types.
   */
  public static Comparison forTypes(FieldType a, FieldType b) {
    boolean dates =
        (a == FieldType.DATE && (b == FieldType.DATE || b == FieldType.DATETIME))
            || (b == FieldType.DATE && a == FieldType.DATETIME);
    if (dates) {
      return DATE;
    }
    return forType(a == FieldType.STRING ? b : a);
  }

  /** The comparable form of a value; null for an absent or blank value. */
  public String normalize(String value) {
    if (value == null) {
      return null;
    }
    String t = collapseSpace(value.strip());
    if (t.isEmpty()) {
      return null;
    }
    return switch (this) {
      case TEXT -> t;
      case EMAIL -> t.toLowerCase(Locale.ROOT);
      case PHONE -> phone(t);
      case NUMBER -> number(t);
      case SET ->
          Arrays.stream(t.split(";"))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .distinct()
              .sorted()
              .collect(Collectors.joining(";"));
      case DATE -> date(t);
    };
  }

  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");
  private static final java.util.regex.Pattern NOT_PHONE =
      java.util.regex.Pattern.compile("[^0-9+xX]");

  /**
   * Runs of whitespace as one space. Most values have none to collapse, and this runs for every
   * mapped field of every record a sync compares, so the regular expression runs only when needed.
   */
  private static String collapseSpace(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean space = isSpace(c);
      if (space && (c != ' ' || (i + 1 < t.length() && isSpace(t.charAt(i + 1))))) {
        return SPACES.matcher(t).replaceAll(" ");
      }
    }
    return t;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static String date(String t) {
    if (t.matches("\\d{4}-\\d{2}-\\d{2}([T ].*)?")) {
      return t.substring(0, 10);
    }
    if (t.matches("\\d{10,15}")) {
      return java.time.Instant.ofEpochMilli(Long.parseLong(t))
          .atZone(java.time.ZoneOffset.UTC)
          .toLocalDate()
          .toString();
    }
    return t;
  }

  private static String phone(String t) {
    String digits = NOT_PHONE.matcher(t).replaceAll("");
    if (digits.startsWith("00")) {
      digits = "+" + digits.substring(2);
    }
    return digits.isEmpty() ? t : digits.toLowerCase(Locale.ROOT);
  }

  private static String number(String t) {
    try {
      return new java.math.BigDecimal(t.replace(",", "")).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return t;
    }
  }
}
