package dev.tandem.server.web;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a text area the editors read line by line (value maps, a rule's {@code set}), as the
 * user typed it but stripped, with its number for error messages.
 *
 * @param number the line's number in the text area, from 1 (blank lines count)
 * @param text the line, stripped; never blank
 */
record FormLine(int number, String text) {
  /** The non-blank lines of the text; none when it is null. */
  static List<FormLine> of(String text) {
    List<FormLine> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    String[] lines = text.split("\\R");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (!line.isEmpty()) {
        out.add(new FormLine(n + 1, line));
      }
    }
    return out;
  }
}
