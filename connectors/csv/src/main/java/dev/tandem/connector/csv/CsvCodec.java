package dev.tandem.connector.csv;

import dev.tandem.connector.csv.CsvDocument.Line;
import dev.tandem.core.spi.ConnectorException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes CSV as RFC 4180 describes it: values separated by a delimiter, optionally in
 * double quotes, a quote inside a quoted value doubled, quoted values spanning lines; CRLF, LF or
 * CR line endings; UTF-8 with or without a byte order mark. Writing quotes only the values that
 * need it.
 */
final class CsvCodec {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final char delimiter;
  private final String file;

  /**
   * @param file the file's name for messages, as the user wrote it
   */
  CsvCodec(char delimiter, String file) {
    this.delimiter = delimiter;
    this.file = file;
  }

  CsvDocument parse(byte[] bytes) {
    boolean bom =
        bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    String text = decode(bytes, bom ? 3 : 0);
    List<Line> lines = new ArrayList<>();
    String firstEol = null;
    int n = text.length();
    int i = 0;
    int lineNo = 1;
    while (i < n) {
      int start = i;
      int startLine = lineNo;
      List<String> cells = new ArrayList<>();
      while (true) {
        if (i < n && text.charAt(i) == '"') {
          int quoteLine = lineNo;
          StringBuilder value = new StringBuilder();
          i++;
          while (true) {
            if (i >= n) {
              throw malformed(quoteLine, "a quoted value is never closed");
            }
            char c = text.charAt(i);
            if (c == '"') {
              if (i + 1 < n && text.charAt(i + 1) == '"') {
                value.append('"');
                i += 2;
                continue;
              }
              i++;
              break;
            }
            if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
              lineNo++;
            }
            value.append(c);
            i++;
          }
          cells.add(value.toString());
          if (i < n && !endsCell(text.charAt(i))) {
            throw malformed(
                lineNo,
                "unexpected text after the closing quote of value "
                    + cells.size()
                    + " (a quote inside a quoted value must be doubled)");
          }
        } else {
          int j = i;
          while (j < n && !endsCell(text.charAt(j))) {
            j++;
          }
          cells.add(text.substring(i, j));
          i = j;
        }
        if (i < n && text.charAt(i) == delimiter) {
          i++;
          continue;
        }
        break;
      }
      int end = i;
      String eol = "";
      if (i < n) {
        if (text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          eol = "\r\n";
        } else {
          eol = String.valueOf(text.charAt(i));
        }
        i += eol.length();
        lineNo++;
        if (firstEol == null) {
          firstEol = eol;
        }
      }
      lines.add(new Line(cells.toArray(String[]::new), text.substring(start, end), eol, startLine));
    }
    if (lines.isEmpty()) {
      throw new ConnectorException(
          "file " + file + " is empty; a CSV app needs at least a header row", false);
    }
    boolean endsWithEol = !lines.get(lines.size() - 1).eol().isEmpty();
    return new CsvDocument(bom, firstEol == null ? "\n" : firstEol, endsWithEol, lines);
  }

  byte[] write(CsvDocument doc) {
    StringBuilder out = new StringBuilder();
    List<Line> lines = doc.lines();
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      out.append(line.raw() != null ? line.raw() : format(line.cells()));
      String eol = line.eol() == null || line.eol().isEmpty() ? doc.eol() : line.eol();
      if (i < lines.size() - 1 || doc.endsWithEol()) {
        out.append(eol);
      }
    }
    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
    if (!doc.bom()) {
      return body;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 3);
    bytes.writeBytes(BOM);
    bytes.writeBytes(body);
    return bytes.toByteArray();
  }

  /** One line's text from its cells, quoting those that need it. */
  String format(String[] cells) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(delimiter);
      }
      out.append(quote(cells[i] == null ? "" : cells[i]));
    }
    return out.toString();
  }

  String quote(String value) {
    boolean needs = false;
    for (int i = 0; i < value.length() && !needs; i++) {
      char c = value.charAt(i);
      needs = c == delimiter || c == '"' || c == '\n' || c == '\r';
    }
    if (!needs) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private boolean endsCell(char c) {
    return c == delimiter || c == '\n' || c == '\r';
  }

  private String decode(byte[] bytes, int offset) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int line = 1;
      for (int i = offset; i < in.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw malformed(line, "the file is not UTF-8 text (save it as CSV UTF-8)");
    }
    out.flip();
    return out.toString();
  }

  private ConnectorException malformed(int line, String reason) {
    return new ConnectorException("file " + file + ", line " + line + ": " + reason, false);
  }
}
