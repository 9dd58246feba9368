package dev.tandem.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds random condition trees with an independent reference evaluator, renders them with random
 * spelling (keyword case, spacing, quoting, redundant parentheses), and checks that the parser
 * agrees with the reference on random records, and that the normalised text form is stable.
 */
class ConditionRandomTest {
  private static final String[] FIELDS = {"stage", "tags", "First Name", "x.y-z_1", "not", "Ünï"};
  private static final String[] VALUES = {
    "a", "B", "a b", "", "x;y", "it's", "say \"hi\"", "and", "Or", "c:\\d", "(p)", "é", " a "
  };
  private static final String[] RECORD_VALUES = {
    "a",
    "A ; b",
    " b",
    "x;y",
    "X",
    "y",
    "it's",
    "say \"hi\"",
    "a b",
    "AND",
    "c:\\d",
    "(p)",
    "É",
    "é",
    ";",
    "   "
  };

  /** A condition with its own reference semantics. */
  private interface Model {
    boolean eval(Map<String, String> record);

    /** Renders the text; precedence: 0 = or-level, 1 = and-level, 2 = unary. */
    String render(Random r, int context);
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 300).mapToObj(i -> 7919L * i + 17);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void parserAgreesWithReferenceAndNormalFormIsStable(long seed) {
    Random r = new Random(seed);
    Model model = model(r, 3);
    String text = model.render(r, 0);
    Condition parsed = ConditionParser.parse(text);
    String normal = parsed.toString();
    Condition reparsed = ConditionParser.parse(normal);
    assertThat(reparsed.toString()).as("normal form of %s", text).isEqualTo(normal);
    assertThat(reparsed.fields()).isEqualTo(parsed.fields());
    for (int i = 0; i < 40; i++) {
      Map<String, String> record = record(r);
      boolean expected = model.eval(record);
      assertThat(parsed.test(record::get)).as("%s on %s", text, record).isEqualTo(expected);
      assertThat(reparsed.test(record::get)).as("%s on %s", normal, record).isEqualTo(expected);
    }
  }

  private static Map<String, String> record(Random r) {
    Map<String, String> record = new HashMap<>();
    for (String f : FIELDS) {
      if (r.nextInt(4) > 0) {
        record.put(f, RECORD_VALUES[r.nextInt(RECORD_VALUES.length)]);
      }
    }
    return record;
  }

  private static Model model(Random r, int depth) {
    int kind = depth == 0 ? 0 : r.nextInt(6);
    if (kind <= 2) {
      return comparison(r);
    }
    if (kind == 3) {
      Model inner = model(r, depth - 1);
      return new Model() {
        public boolean eval(Map<String, String> rec) {
          return !inner.eval(rec);
        }

        public String render(Random r2, int context) {
          return kw(r2, "not") + sp(r2, 1) + inner.render(r2, 2);
        }
      };
    }
    boolean and = kind == 4;
    List<Model> parts = new ArrayList<>();
    int n = 2 + r.nextInt(2);
    for (int i = 0; i < n; i++) {
      parts.add(model(r, depth - 1));
    }
    return new Model() {
      public boolean eval(Map<String, String> rec) {
        return and
            ? parts.stream().allMatch(p -> p.eval(rec))
            : parts.stream().anyMatch(p -> p.eval(rec));
      }

      public String render(Random r2, int context) {
        int own = and ? 1 : 0;
        String joined =
            parts.stream()
                .map(p -> p.render(r2, own + 1))
                .collect(Collectors.joining(sp(r2, 1) + kw(r2, and ? "and" : "or") + sp(r2, 1)));
        return context > own || r2.nextInt(5) == 0 ? "(" + sp(r2, 0) + joined + ")" : joined;
      }
    };
  }

  private static Model comparison(Random r) {
    String field = FIELDS[r.nextInt(FIELDS.length)];
    String op =
        new String[] {"=", "!=", "contains", "starts-with", "ends-with", "is", "in"}[r.nextInt(7)];
    boolean negated = r.nextBoolean();
    List<String> values = new ArrayList<>();
    int n = op.equals("in") ? 1 + r.nextInt(3) : 1;
    for (int i = 0; i < n; i++) {
      values.add(VALUES[r.nextInt(VALUES.length)]);
    }
    return new Model() {
      public boolean eval(Map<String, String> rec) {
        String raw = rec.getOrDefault(field, "");
        String whole = raw.trim().toLowerCase(Locale.ROOT);
        List<String> parts = new ArrayList<>();
        for (String p : raw.split(";")) {
          if (!p.trim().isEmpty()) {
            parts.add(p.trim().toLowerCase(Locale.ROOT));
          }
        }
        if (parts.isEmpty()) {
          parts.add("");
        }
        String v = values.get(0).trim().toLowerCase(Locale.ROOT);
        return switch (op) {
          case "=" -> parts.contains(v);
          case "!=" -> !parts.contains(v);
          case "contains" -> whole.contains(v);
          case "starts-with" -> whole.startsWith(v);
          case "ends-with" -> whole.endsWith(v);
          case "is" -> negated != parts.equals(List.of(""));
          default ->
              values.stream().anyMatch(x -> parts.contains(x.trim().toLowerCase(Locale.ROOT)));
        };
      }

      public String render(Random r2, int context) {
        String f = field(r2, field);
        return switch (op) {
          case "is" ->
              f
                  + sp(r2, 1)
                  + kw(r2, "is")
                  + sp(r2, 1)
                  + (negated ? kw(r2, "not") + sp(r2, 1) : "")
                  + kw(r2, "empty");
          case "in" ->
              f
                  + sp(r2, 1)
                  + kw(r2, "in")
                  + sp(r2, 0)
                  + "("
                  + values.stream()
                      .map(v -> sp(r2, 0) + value(r2, v) + sp(r2, 0))
                      .collect(Collectors.joining(","))
                  + ")";
          case "=", "!=" -> f + sp(r2, 0) + op + sp(r2, 0) + value(r2, values.get(0));
          default -> f + sp(r2, 1) + kw(r2, op) + sp(r2, 1) + value(r2, values.get(0));
        };
      }
    };
  }

  private static String field(Random r, String name) {
    boolean bareOk =
        name.chars().allMatch(c -> Character.isLetterOrDigit(c) || "_-.".indexOf(c) >= 0)
            && !name.equals("not");
    if (bareOk && r.nextBoolean()) {
      return name;
    }
    char q = r.nextBoolean() ? '"' : '`';
    return q + escape(name, q) + q;
  }

  private static String value(Random r, String v) {
    boolean bareOk =
        !v.isEmpty()
            && v.chars().noneMatch(c -> Character.isWhitespace(c) || "(),\"'".indexOf(c) >= 0)
            && !v.equalsIgnoreCase("and")
            && !v.equalsIgnoreCase("or");
    if (bareOk && r.nextBoolean()) {
      return v;
    }
    char q = r.nextBoolean() ? '"' : '\'';
    return q + escape(v, q) + q;
  }

  private static String escape(String s, char q) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == q || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String kw(Random r, String keyword) {
    StringBuilder out = new StringBuilder();
    for (char c : keyword.toCharArray()) {
      out.append(r.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  private static String sp(Random r, int min) {
    return " ".repeat(min + r.nextInt(2)) + (r.nextInt(10) == 0 ? "\t" : "");
  }
}
