package dev.tandem.core.mapping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises phone numbers so that the same number written two ways compares equal: {@code 0049
 * (30) 123-45.67 ext. 9} becomes {@code +49301234567 x9}.
 */
final class PhoneNumbers {
  private static final Pattern EXTENSION =
      Pattern.compile("(?i)^(.*?)[\\s,;]*(?:x|ext\\.?|extension|#)\\s*(\\d+)\\s*$");
  private static final Pattern TRUNK_ZERO = Pattern.compile("\\(\\s*0\\s*\\)");

  private PhoneNumbers() {}

  /**
   * Keeps a leading {@code +} (a leading {@code 00} becomes {@code +}), drops spaces, dots, dashes,
   * slashes and parentheses, and writes an extension as {@code " x123"}. A value holding letters
   * (other than an extension marker) or other symbols is returned unchanged, since it is not a
   * number we can safely rewrite (e.g. {@code 1-800-FLOWERS}).
   */
  static String normalise(String value) {
    String main = value.strip();
    String extension = null;
    Matcher m = EXTENSION.matcher(main);
    if (m.matches() && !m.group(1).isBlank()) {
      main = m.group(1).strip();
      extension = m.group(2);
    }
    // Separators may sit between the two zeros ("0/049…"); decide on the digits alone.
    boolean dialsOut = main.replaceAll("[^0-9+]", "").startsWith("00");
    boolean international = main.startsWith("+") || dialsOut;
    if (international) {
      // "+44 (0)20 …": the bracketed 0 is only dialled nationally.
      main = TRUNK_ZERO.matcher(main).replaceAll("");
    }
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < main.length(); i++) {
      char c = main.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c == '+' && i == 0) {
        continue;
      } else if (!Character.isWhitespace(c)
          && !Character.isSpaceChar(c)
          && ".-/()\u2010\u2011\u2013\u2212".indexOf(c) < 0) {
        return value;
      }
    }
    if (digits.isEmpty()) {
      return value;
    }
    String number;
    if (main.startsWith("+")) {
      number = "+" + digits;
    } else if (dialsOut) {
      number = "+" + digits.substring(2);
    } else {
      number = digits.toString();
    }
    return extension == null ? number : number + " x" + extension;
  }
}
