package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A parsed {@code $filter} expression: the comparison operators {@code eq ne gt ge lt le}, {@code
 * and or not}, parentheses, {@code contains startswith endswith} and {@code
 * Microsoft.Dynamics.CRM.In(PropertyName='…',PropertyValues=[…])}, as documented for the Dataverse
 * Web API. String comparisons are case-insensitive, as in Dataverse.
 */
final class Filter {
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final EntitySet set;
  private final String text;
  private final List<String> tokens;
  private int pos;

  private Filter(EntitySet set, String text) {
    this.set = set;
    this.text = text;
    this.tokens = tokenize(text);
  }

  /** Parses {@code text} against the columns of {@code set}; a bad filter is a 400 error. */
  static Predicate<Row> parse(EntitySet set, String text) {
    Filter f = new Filter(set, text);
    Predicate<Row> p = f.or();
    if (f.pos < f.tokens.size()) {
      throw f.error("unexpected '" + f.tokens.get(f.pos) + "'");
    }
    return p;
  }

  private Predicate<Row> or() {
    Predicate<Row> left = and();
    while (peekWord("or")) {
      pos++;
      left = left.or(and());
    }
    return left;
  }

  private Predicate<Row> and() {
    Predicate<Row> left = unary();
    while (peekWord("and")) {
      pos++;
      left = left.and(unary());
    }
    return left;
  }

  private Predicate<Row> unary() {
    if (peekWord("not")) {
      pos++;
      return unary().negate();
    }
    if (peek("(")) {
      pos++;
      Predicate<Row> inner = or();
      expect(")");
      return inner;
    }
    String word = next();
    String lower = word.toLowerCase(Locale.ROOT);
    if (peek("(")) {
      return function(word, lower);
    }
    String op = next().toLowerCase(Locale.ROOT);
    String rightToken = next();
    return comparison(word, op, rightToken);
  }

  private Predicate<Row> function(String word, String lower) {
    expect("(");
    if (lower.equals("microsoft.dynamics.crm.in")) {
      expectWord("PropertyName");
      expect("=");
      String property = unquote(next());
      EntitySet.Attribute a = attribute(property);
      expect(",");
      expectWord("PropertyValues");
      expect("=");
      expect("[");
      List<Object> values = new ArrayList<>();
      while (!peek("]")) {
        values.add(literal(a, next()));
        if (peek(",")) {
          pos++;
        }
      }
      expect("]");
      expect(")");
      return row -> {
        Object v = value(row, a);
        return values.stream().anyMatch(l -> compare(a, v, l) == 0);
      };
    }
    if (!List.of("contains", "startswith", "endswith").contains(lower)) {
      throw error("the function '" + word + "' is not supported by the emulator");
    }
    EntitySet.Attribute a = attribute(next());
    expect(",");
    String needle = unquote(next()).toLowerCase(Locale.ROOT);
    expect(")");
    return row -> {
      JsonNode n = row.values().get(a.name());
      if (n == null || n.isNull()) {
        return false;
      }
      String s = n.asText().toLowerCase(Locale.ROOT);
      return switch (lower) {
        case "contains" -> s.contains(needle);
        case "startswith" -> s.startsWith(needle);
        default -> s.endsWith(needle);
      };
    };
  }

  private Predicate<Row> comparison(String left, String op, String right) {
    if (!List.of("eq", "ne", "gt", "ge", "lt", "le").contains(op)) {
      throw error("unknown operator '" + op + "'");
    }
    EntitySet.Attribute a = attribute(left);
    boolean columnRight = set.attribute(right) != null;
    EntitySet.Attribute b = columnRight ? set.attribute(right) : null;
    Object lit = columnRight ? null : literal(a, right);
    return row -> {
      Object v = value(row, a);
      Object w = columnRight ? value(row, b) : lit;
      if (v == null || w == null) {
        boolean bothNull = v == null && w == null;
        return switch (op) {
          case "eq" -> bothNull;
          case "ne" -> !bothNull;
          default -> false;
        };
      }
      int c = compare(a, v, w);
      return switch (op) {
        case "eq" -> c == 0;
        case "ne" -> c != 0;
        case "gt" -> c > 0;
        case "ge" -> c >= 0;
        case "lt" -> c < 0;
        default -> c <= 0;
      };
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(EntitySet.Attribute a, Object v, Object w) {
    if (v == null || w == null) {
      return v == w ? 0 : 1;
    }
    if (v instanceof String s && w instanceof String t) {
      return s.compareToIgnoreCase(t);
    }
    if (v.getClass() != w.getClass()) {
      throw new DataverseError(
          400,
          DataverseError.BAD_QUERY,
          "A binary operator with incompatible types was detected for '" + a.name() + "'.");
    }
    return ((Comparable) v).compareTo(w);
  }

  /** A column's value of a row, as a comparable Java value. */
  static Object value(Row row, EntitySet.Attribute a) {
    if (a.type() == EntitySet.Type.GUID) {
      // The primary key lives in the row's id, not among its column values.
      return row.id();
    }
    JsonNode n = row.values().get(a.name());
    if (n == null || n.isNull()) {
      return null;
    }
    return switch (a.type()) {
      case DATETIME -> Instant.parse(n.asText());
      case DATEONLY -> LocalDate.parse(n.asText());
      case MONEY, INTEGER, CHOICE -> n.decimalValue().stripTrailingZeros();
      default -> n.asText();
    };
  }

  private Object literal(EntitySet.Attribute a, String token) {
    if (token.equalsIgnoreCase("null")) {
      return null;
    }
    boolean quoted = token.startsWith("'") || token.startsWith("\"");
    String raw = quoted ? unquote(token) : token;
    try {
      return switch (a.type()) {
        case DATETIME ->
            DATE.matcher(raw).matches()
                ? LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant()
                : OffsetDateTime.parse(raw).toInstant();
        case DATEONLY ->
            DATE.matcher(raw).matches()
                ? LocalDate.parse(raw)
                : OffsetDateTime.parse(raw).toLocalDate();
        case MONEY, INTEGER, CHOICE -> new BigDecimal(raw).stripTrailingZeros();
        case GUID, LOOKUP -> {
          if (!GUID.matcher(raw).matches()) {
            throw error("'" + raw + "' is not a valid Guid for '" + a.name() + "'");
          }
          yield raw.toLowerCase(Locale.ROOT);
        }
        default -> {
          if (!quoted) {
            throw error("the value for '" + a.name() + "' must be a quoted string, got " + token);
          }
          yield raw;
        }
      };
    } catch (RuntimeException e) {
      if (e instanceof DataverseError d) {
        throw d;
      }
      throw error("'" + raw + "' is not a valid value for '" + a.name() + "' (" + a.type() + ")");
    }
  }

  private EntitySet.Attribute attribute(String name) {
    EntitySet.Attribute a = set.attribute(name);
    if (a == null) {
      throw new DataverseError(
          400,
          DataverseError.BAD_QUERY,
          "Could not find a property named '"
              + name
              + "' on type 'Microsoft.Dynamics.CRM."
              + set.logicalName()
              + "'.");
    }
    return a;
  }

  private static String unquote(String token) {
    if (token.length() >= 2
        && (token.startsWith("'") && token.endsWith("'")
            || token.startsWith("\"") && token.endsWith("\""))) {
      char q = token.charAt(0);
      String inner = token.substring(1, token.length() - 1);
      return q == '\'' ? inner.replace("''", "'") : inner.replace("\\\"", "\"");
    }
    return token;
  }

  private boolean peek(String t) {
    return pos < tokens.size() && tokens.get(pos).equals(t);
  }

  private boolean peekWord(String w) {
    return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(w);
  }

  private String next() {
    if (pos >= tokens.size()) {
      throw error("unexpected end of expression");
    }
    return tokens.get(pos++);
  }

  private void expect(String t) {
    String got = next();
    if (!got.equals(t)) {
      throw error("expected '" + t + "' but found '" + got + "'");
    }
  }

  private void expectWord(String w) {
    String got = next();
    if (!got.equalsIgnoreCase(w)) {
      throw error("expected '" + w + "' but found '" + got + "'");
    }
  }

  private DataverseError error(String what) {
    return new DataverseError(
        400, DataverseError.BAD_QUERY, "Invalid $filter '" + text + "': " + what + ".");
  }

  private List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if ("(),=[]".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '\'') {
        int j = i + 1;
        while (true) {
          if (j >= s.length()) {
            throw new DataverseError(
                400,
                DataverseError.BAD_QUERY,
                "There is an unterminated literal at position " + i + " in '" + s + "'.");
          }
          if (s.charAt(j) == '\'') {
            if (j + 1 < s.length() && s.charAt(j + 1) == '\'') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else if (c == '"') {
        int j = i + 1;
        while (j < s.length() && (s.charAt(j) != '"' || s.charAt(j - 1) == '\\')) {
          j++;
        }
        if (j >= s.length()) {
          throw new DataverseError(
              400,
              DataverseError.BAD_QUERY,
              "There is an unterminated literal at position " + i + " in '" + s + "'.");
        }
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else {
        int j = i;
        while (j < s.length()
            && !Character.isWhitespace(s.charAt(j))
            && "(),=[]'\"".indexOf(s.charAt(j)) < 0) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
