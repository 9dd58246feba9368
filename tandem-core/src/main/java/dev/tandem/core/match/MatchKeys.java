package dev.tandem.core.match;

import java.net.IDN;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalised keys that pair records across apps: the same person or company written two ways gives
 * the same key. Every method returns null when the value holds no usable key, so the caller can
 * report the record as unmatched rather than match it on garbage.
 */
public final class MatchKeys {
  private static final Pattern SCHEME = Pattern.compile("^(?:[a-z][a-z0-9+.-]*://|mailto:)");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern APOSTROPHES = Pattern.compile("['’`´]");
  private static final Set<String> LEGAL_SUFFIXES =
      Set.of(
          "inc",
          "incorporated",
          "ltd",
          "limited",
          "llc",
          "gmbh",
          "ag",
          "bv",
          "nv",
          "sa",
          "sarl",
          "srl",
          "spa",
          "plc",
          "corp",
          "corporation",
          "co",
          "company",
          "oy",
          "ab",
          "as",
          "kg");

  /** Letters that Unicode decomposition leaves alone but people write without the accent. */
  private static final Map<Character, String> FOLDS =
      Map.of('ß', "ss", 'ø', "o", 'æ', "ae", 'œ', "oe", 'ł', "l", 'đ', "d", 'þ', "th", 'ı', "i");

  private MatchKeys() {}

  /**
   * The email match key: trimmed and lower-cased; of several addresses separated by {@code ;} or
   * {@code ,} the first; {@code Name <addr>} and {@code mailto:} forms are unwrapped. Null when
   * blank or not exactly one {@code @} with text on both sides and no white space.
   */
  public static String email(String value) {
    if (value == null) {
      return null;
    }
    String plain = plainAddress(value);
    return plain != null ? plain : anyEmail(value);
  }

  /**
   * The key of a value that is one bare ASCII address (the usual case) in one pass over it, or null
   * when the value needs {@link #anyEmail}: an initial sync computes a million of these, and the
   * general path's splitting and lower-casing copy every one of them.
   */
  static String plainAddress(String value) {
    int n = value.length();
    int at = -1;
    boolean upper = false;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 128 || c <= ' ' || c == '<' || c == '>' || c == ';' || c == ',' || c == ':') {
        return null;
      }
      if (c == '@') {
        if (at >= 0) {
          return null;
        }
        at = i;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      }
    }
    if (at <= 0 || at == n - 1) {
      return null;
    }
    return upper ? value.toLowerCase(Locale.ROOT) : value;
  }

  /** {@link #email} for any value: lists, display names, {@code mailto:}, white space. */
  static String anyEmail(String value) {
    // "Lovelace, Ada <ada@x.org>": the angle brackets mark the address, commas or not.
    int open = value.indexOf('<');
    int close = open < 0 ? -1 : value.indexOf('>', open);
    String first = close > open ? value.substring(open + 1, close).strip() : firstListed(value);
    String email = first.toLowerCase(Locale.ROOT);
    if (email.startsWith("mailto:")) {
      email = email.substring("mailto:".length()).strip();
    }
    int at = email.indexOf('@');
    boolean valid =
        at > 0
            && at == email.lastIndexOf('@')
            && at < email.length() - 1
            && email.chars().noneMatch(Character::isWhitespace);
    return valid ? email : null;
  }

  /**
   * The domain match key of a website, email address or domain: lower case, without scheme, {@code
   * www.}, user info, port, path, query, fragment or trailing dot; an email gives the part after
   * the {@code @}; punycode labels are decoded so both spellings of an IDN agree. Null unless the
   * result looks like a domain: dotted labels of letters (any script), digits and hyphens, not an
   * IP address.
   */
  public static String domain(String websiteOrEmailOrDomain) {
    if (websiteOrEmailOrDomain == null) {
      return null;
    }
    String address = websiteOrEmailOrDomain.contains("://") ? null : email(websiteOrEmailOrDomain);
    String d =
        address != null
            ? address.substring(address.indexOf('@') + 1)
            : firstListed(websiteOrEmailOrDomain).toLowerCase(Locale.ROOT);
    d = SCHEME.matcher(d).replaceFirst("");
    d = cutAt(d, "/?#");
    d = d.substring(d.lastIndexOf('@') + 1);
    int colon = d.indexOf(':');
    if (colon >= 0) {
      d = d.substring(0, colon);
    }
    while (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.startsWith("www.")) {
      d = d.substring(4);
    }
    d = Normalizer.normalize(IDN.toUnicode(d, IDN.ALLOW_UNASSIGNED), Normalizer.Form.NFC);
    d = d.toLowerCase(Locale.ROOT);
    return looksLikeDomain(d) ? d : null;
  }

  /**
   * The company-name match key: lower case, accents removed (Unicode NFKD), apostrophes dropped,
   * other punctuation as space, runs of single letters joined ({@code S.A.} → {@code sa}), the word
   * {@code and} dropped (so {@code &} and {@code and} agree), and trailing legal suffixes (inc,
   * ltd, gmbh, …) removed. Null when nothing is left.
   */
  public static String companyName(String name) {
    if (name == null) {
      return null;
    }
    StringBuilder folded = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      folded.append(FOLDS.getOrDefault(c, String.valueOf(c)));
    }
    String s = Normalizer.normalize(folded, Normalizer.Form.NFKD);
    s = MARKS.matcher(s).replaceAll("").toLowerCase(Locale.ROOT);
    s = APOSTROPHES.matcher(s).replaceAll("");
    s = NOT_ALNUM.matcher(s).replaceAll(" ").strip();
    List<String> words = joinInitials(s.isEmpty() ? List.of() : List.of(s.split(" ")));
    words.removeIf("and"::equals);
    while (!words.isEmpty() && LEGAL_SUFFIXES.contains(words.get(words.size() - 1))) {
      words.remove(words.size() - 1);
    }
    return words.isEmpty() ? null : String.join(" ", words);
  }

  /** Joins runs of one-letter words, so "S.A." and "SA", or "J.P." and "JP", agree. */
  private static List<String> joinInitials(List<String> words) {
    List<String> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    for (String w : words) {
      if (w.codePointCount(0, w.length()) == 1) {
        run.append(w);
        continue;
      }
      if (!run.isEmpty()) {
        out.add(run.toString());
        run.setLength(0);
      }
      out.add(w);
    }
    if (!run.isEmpty()) {
      out.add(run.toString());
    }
    return out;
  }

  private static String firstListed(String value) {
    for (String part : value.split("[;,]")) {
      if (!part.isBlank()) {
        return part.strip();
      }
    }
    return "";
  }

  private static String cutAt(String s, String stops) {
    for (int i = 0; i < s.length(); i++) {
      if (stops.indexOf(s.charAt(i)) >= 0) {
        return s.substring(0, i);
      }
    }
    return s;
  }

  private static boolean looksLikeDomain(String d) {
    if (d.isEmpty() || d.length() > 253) {
      return false;
    }
    String[] labels = d.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty() || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      if (!label.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
        return false;
      }
    }
    String tld = labels[labels.length - 1];
    return !tld.chars().allMatch(Character::isDigit);
  }
}
