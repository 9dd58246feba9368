package dev.tandem.connector.csv;

import java.util.List;

/**
 * A parsed CSV file, kept close enough to its bytes to write it back unchanged: whether it had a
 * byte order mark, its line ending, whether its last line ended with one, and for every line its
 * original text, so that lines nobody changed are written back exactly as they were read.
 *
 * @param bom whether the file starts with a UTF-8 byte order mark
 * @param eol the line ending new lines get: the first one in the file ({@code \n} when there is
 *     none)
 * @param endsWithEol whether the last line ends with a line ending
 * @param lines every line; the first is the header
 */
record CsvDocument(boolean bom, String eol, boolean endsWithEol, List<Line> lines) {

  CsvDocument {
    lines = List.copyOf(lines);
  }

  Line header() {
    return lines.get(0);
  }

  CsvDocument withLines(List<Line> newLines) {
    return new CsvDocument(bom, eol, endsWithEol, newLines);
  }

  /**
   * One line (a record, the header, or a line of blank cells that holds no record).
   *
   * @param cells the values, as parsed (a changed line is written from them)
   * @param raw the line's original text without its line ending, or null when it must be written
   *     from the cells
   * @param eol the line's original ending ({@code ""} for a last line without one), or null for a
   *     new line
   * @param number the line number in the file where the line starts (1-based), 0 for a new line
   */
  record Line(String[] cells, String raw, String eol, int number) {

    String cell(int column) {
      return column < cells.length ? cells[column] : "";
    }

    /** Whether every cell is blank: such a line holds no record and is kept as it is. */
    boolean blank() {
      for (String c : cells) {
        if (!c.isBlank()) {
          return false;
        }
      }
      return true;
    }
  }
}
