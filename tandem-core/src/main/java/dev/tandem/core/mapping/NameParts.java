package dev.tandem.core.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A person's name split into first and last name, for apps that hold one full-name field on one
 * side and two fields on the other.
 *
 * @param first the given name(s), or null
 * @param last the family name, or null
 */
public record NameParts(String first, String last) {
  private static final Set<String> HONORIFICS =
      Set.of(
          "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "mme",
          "mlle");
  private static final Set<String> SUFFIXES =
      Set.of("jr", "sr", "ii", "iii", "iv", "phd", "md", "esq");
  private static final Set<String> PARTICLES =
      Set.of(
          "van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "la", "le", "ten",
          "ter", "dos", "das", "zu", "bin", "ibn", "al");

  /**
   * Splits a full name: {@code "Ada King Lovelace"} → ({@code "Ada King"}, {@code "Lovelace"});
   * {@code "Lovelace, Ada"} → ({@code "Ada"}, {@code "Lovelace"}); a single word is a first name.
   * Leading honorifics (Dr., Mr., Ms., …) are dropped; a generational suffix (Jr., III) and
   * lower-case particles ({@code van}, {@code de}) stay with the last name. Null or blank gives
   * (null, null).
   */
  public static NameParts split(String fullName) {
    if (fullName == null || fullName.isBlank()) {
      return new NameParts(null, null);
    }
    String name = fullName.strip().replaceAll("\\s+", " ");
    int comma = name.indexOf(',');
    if (comma >= 0) {
      List<String> after = words(name.substring(comma + 1));
      if (!after.isEmpty() && after.stream().allMatch(NameParts::isSuffix)) {
        // "Ada Lovelace, PhD": the part after the comma is not a given name.
        NameParts before = split(name.substring(0, comma));
        String suffix = String.join(" ", after);
        return before.last() == null
            ? new NameParts(before.first(), suffix)
            : new NameParts(before.first(), before.last() + " " + suffix);
      }
      List<String> given = dropHonorifics(words(name.substring(comma + 1)));
      return new NameParts(joinWords(given), blankToNull(name.substring(0, comma)));
    }
    List<String> words = dropHonorifics(words(name));
    if (words.size() == 1) {
      return new NameParts(words.get(0), null);
    }
    int lastStart = words.size() - 1;
    if (isSuffix(words.get(lastStart)) && lastStart > 1) {
      lastStart--;
    }
    while (lastStart > 1 && PARTICLES.contains(words.get(lastStart - 1))) {
      lastStart--;
    }
    return new NameParts(
        joinWords(words.subList(0, lastStart)), joinWords(words.subList(lastStart, words.size())));
  }

  /** First and last name joined by a space, skipping absent parts; null when both are absent. */
  public static String join(String first, String last) {
    String f = blankToNull(first);
    String l = blankToNull(last);
    if (f == null) {
      return l;
    }
    return l == null ? f : f + " " + l;
  }

  private static List<String> words(String s) {
    String stripped = s.strip();
    return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split(" "));
  }

  /** Drops leading honorifics, unless nothing else would be left. */
  private static List<String> dropHonorifics(List<String> words) {
    List<String> out = new ArrayList<>(words);
    while (out.size() > 1 && HONORIFICS.contains(bare(out.get(0)))) {
      out.remove(0);
    }
    return out;
  }

  private static boolean isSuffix(String word) {
    return SUFFIXES.contains(bare(word));
  }

  private static String bare(String word) {
    return word.replace(".", "").toLowerCase(Locale.ROOT);
  }

  private static String joinWords(List<String> words) {
    return words.isEmpty() ? null : String.join(" ", words);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
