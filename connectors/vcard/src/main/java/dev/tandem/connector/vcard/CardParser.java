package dev.tandem.connector.vcard;

import ezvcard.VCard;
import ezvcard.io.scribe.ScribeIndex;
import ezvcard.io.text.VCardReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads exactly one vCard (2.1, 3.0 or 4.0) from bytes, refusing what ez-vcard would otherwise
 * accept silently with data lost: bytes that are not UTF-8, a card cut short (no {@code
 * END:VCARD}), lines that are not properties (broken line folding) and files holding several cards.
 */
public final class CardParser {
  /** ez-vcard's property readers, with a faster one for TEL; read-only once built. */
  private static final ScribeIndex SCRIBES = scribes();

  private CardParser() {}

  private static ScribeIndex scribes() {
    ScribeIndex index = new ScribeIndex();
    index.register(new TextTelephoneScribe());
    return index;
  }

  /**
   * Parses one card; throws {@link MalformedCardException} with the reason when it is malformed.
   */
  public static VCard parse(byte[] bytes) throws MalformedCardException {
    return parse(decode(bytes));
  }

  /** Parses one card from text. */
  public static VCard parse(String text) throws MalformedCardException {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> lines = logicalLines(text);
    if (lines.isEmpty()) {
      throw new MalformedCardException("the file is empty");
    }
    if (!lines.get(0).strip().equalsIgnoreCase("BEGIN:VCARD")) {
      throw new MalformedCardException(
          "it does not start with BEGIN:VCARD (first line: '" + abbreviate(lines.get(0)) + "')");
    }
    int depth = 0;
    int cards = 0;
    for (String line : lines) {
      String stripped = line.strip();
      if (stripped.equalsIgnoreCase("BEGIN:VCARD")) {
        if (depth == 0) {
          cards++;
        }
        depth++;
      } else if (stripped.equalsIgnoreCase("END:VCARD")) {
        depth--;
        if (depth < 0) {
          throw new MalformedCardException("END:VCARD without a matching BEGIN:VCARD");
        }
      }
    }
    if (depth > 0) {
      throw new MalformedCardException("the card is cut short: END:VCARD is missing");
    }
    if (cards != 1) {
      throw new MalformedCardException("it holds " + cards + " cards; expected exactly one");
    }
    try (VCardReader reader = new VCardReader(text)) {
      reader.setScribeIndex(SCRIBES);
      VCard card = reader.readNext();
      if (card == null) {
        throw new MalformedCardException("no vCard could be read from it");
      }
      return card;
    } catch (IOException | RuntimeException e) {
      throw new MalformedCardException("it cannot be parsed: " + e.getMessage());
    }
  }

  /** Decodes strict UTF-8: a byte that is not UTF-8 is an error, never a replacement character. */
  public static String decode(byte[] bytes) throws MalformedCardException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return decoder.decode(in).toString();
    } catch (MalformedInputException e) {
      throw new MalformedCardException(
          "it is not valid UTF-8 (bad byte near offset " + in.position() + ")");
    } catch (CharacterCodingException e) {
      throw new MalformedCardException("it is not valid UTF-8: " + e.getMessage());
    }
  }

  /**
   * Unfolds the text into property lines and checks that each is a property ({@code NAME:value}),
   * which is what a broken fold (a continuation line without its leading space) violates.
   */
  private static List<String> logicalLines(String text) throws MalformedCardException {
    List<String> raw = physicalLines(text);
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    int currentLineNo = 0;
    boolean quotedPrintableSoftBreak = false;
    for (int i = 0; i < raw.size(); i++) {
      String line = raw.get(i);
      boolean continuation =
          !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null;
      if (continuation) {
        current.append(line, 1, line.length());
        continue;
      }
      if (quotedPrintableSoftBreak && current != null) {
        // vCard 2.1 quoted-printable values continue after a trailing '=' without a space.
        current.append(line);
        quotedPrintableSoftBreak = line.endsWith("=");
        continue;
      }
      if (current != null) {
        out.add(checked(current.toString(), currentLineNo));
      }
      current = null;
      if (line.isBlank()) {
        continue;
      }
      current = new StringBuilder(line);
      currentLineNo = i + 1;
      quotedPrintableSoftBreak = line.endsWith("=") && containsIgnoreCase(line, "QUOTED-PRINTABLE");
    }
    if (current != null) {
      out.add(checked(current.toString(), currentLineNo));
    }
    return out;
  }

  /** The lines of the text, split at CRLF, CR or LF; a trailing line break gives an empty line. */
  private static List<String> physicalLines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        out.add(text.substring(start, i));
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out;
  }

  private static boolean containsIgnoreCase(String s, String part) {
    for (int i = 0; i + part.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, part, 0, part.length())) {
        return true;
      }
    }
    return false;
  }

  private static String checked(String line, int lineNo) throws MalformedCardException {
    if (line.indexOf(':') < 1) {
      throw new MalformedCardException(
          "line "
              + lineNo
              + " is not a vCard property (broken line folding?): '"
              + abbreviate(line)
              + "'");
    }
    return line;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
