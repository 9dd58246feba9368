package dev.tandem.core.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The built-in value transforms, by the names used in config. */
public final class Transforms {
  private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Map<String, Transform> BY_NAME = new LinkedHashMap<>();

  static {
    add("trim", v -> SPACES.matcher(v).replaceAll(" ").strip());
    add("lower", v -> v.toLowerCase(Locale.ROOT));
    add("upper", v -> v.toUpperCase(Locale.ROOT));
    add("title", Transforms::title);
    add("phone", PhoneNumbers::normalise);
    add("digits", Transforms::digits);
    add("email", v -> v.strip().toLowerCase(Locale.ROOT));
  }

  private Transforms() {}

  /** The transform with this name (case-insensitive, trimmed), or empty when there is none. */
  public static Optional<Transform> named(String name) {
    return name == null
        ? Optional.empty()
        : Optional.ofNullable(BY_NAME.get(name.strip().toLowerCase(Locale.ROOT)));
  }

  /** The names of all transforms, in a stable order, for config validation and messages. */
  public static Set<String> names() {
    return Collections.unmodifiableSet(BY_NAME.keySet());
  }

  /**
   * Applies {@code transforms} one after the other; stops at null. The chain's name is the names
   * joined by {@code ", "}; an empty chain returns blank values as null and others unchanged.
   */
  public static Transform chain(List<Transform> transforms) {
    List<Transform> steps = List.copyOf(transforms);
    if (steps.size() == 1) {
      return steps.get(0);
    }
    String name = steps.stream().map(Transform::name).collect(Collectors.joining(", "));
    return new Named(
        name,
        v -> {
          String out = v;
          for (Transform step : steps) {
            out = step.apply(out);
            if (out == null) {
              return null;
            }
          }
          return out;
        });
  }

  private static void add(String name, UnaryOperator<String> f) {
    BY_NAME.put(name, new Named(name, f));
  }

  /**
   * Upper-cases the first letter of each word (words split at anything but letters and digits, so
   * "o'brien" and "king-lovelace" get two capitals). A word written in capitals is lower-cased
   * after its first letter; mixed case such as "McDonald" is kept, as it was written on purpose.
   */
  private static String title(String value) {
    StringBuilder out = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      int end = i;
      while (end < value.length() && Character.isLetterOrDigit(value.codePointAt(end))) {
        end += Character.charCount(value.codePointAt(end));
      }
      if (end == i) {
        out.appendCodePoint(value.codePointAt(i));
        i += Character.charCount(value.codePointAt(i));
        continue;
      }
      String word = value.substring(i, end);
      int first = word.codePointAt(0);
      String rest = word.substring(Character.charCount(first));
      // Judge by the letters after the first, so that applying title twice changes nothing.
      if (rest.chars().noneMatch(Character::isLowerCase)) {
        rest = rest.toLowerCase(Locale.ROOT);
      }
      out.appendCodePoint(Character.toTitleCase(first)).append(rest);
      i = end;
    }
    return out.toString();
  }

  private static String digits(String value) {
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .filter(Character::isDigit)
        .map(c -> Character.digit(c, 10))
        .forEach(out::append);
    return out.toString();
  }

  /** Null in, null out; blank out becomes null. */
  private record Named(String name, UnaryOperator<String> f) implements Transform {
    @Override
    public String apply(String value) {
      if (value == null) {
        return null;
      }
      String out = f.apply(value);
      return out == null || out.isBlank() ? null : out;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
