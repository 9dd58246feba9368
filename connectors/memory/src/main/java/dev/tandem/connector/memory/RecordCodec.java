package dev.tandem.connector.memory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Packs one record's values into a single byte array: for each column in order, the UTF-8 length as
 * a varint, then the bytes; trailing empty columns are left out. One array per record instead of
 * one String per value keeps a million records in a small part of the heap.
 */
final class RecordCodec {
  static final byte[] EMPTY = new byte[0];

  private byte[] buffer = new byte[256];
  private int length;

  /** Encodes values by column; null or blank values are stored as empty. */
  byte[] encode(String[] values, int count) {
    int last = count - 1;
    while (last >= 0 && isBlank(values[last])) {
      last--;
    }
    if (last < 0) {
      return EMPTY;
    }
    length = 0;
    for (int i = 0; i <= last; i++) {
      String v = values[i];
      if (isBlank(v)) {
        writeVarint(0);
      } else {
        writeValue(v);
      }
    }
    return Arrays.copyOf(buffer, length);
  }

  /** Decodes into an array of one value (or null) per column, at least {@code columns} long. */
  static String[] decode(byte[] data, int columns) {
    String[] out = new String[columns];
    int pos = 0;
    int col = 0;
    while (pos < data.length) {
      int len = 0;
      int shift = 0;
      byte b;
      do {
        b = data[pos++];
        len |= (b & 0x7f) << shift;
        shift += 7;
      } while (b < 0);
      if (len > 0) {
        out[col] = new String(data, pos, len, StandardCharsets.UTF_8);
      }
      pos += len;
      col++;
    }
    return out;
  }

  /** The value of one column, or null; decodes nothing else. */
  static String valueAt(byte[] data, int column) {
    int pos = 0;
    int col = 0;
    while (pos < data.length) {
      int len = 0;
      int shift = 0;
      byte b;
      do {
        b = data[pos++];
        len |= (b & 0x7f) << shift;
        shift += 7;
      } while (b < 0);
      if (col == column) {
        return len == 0 ? null : new String(data, pos, len, StandardCharsets.UTF_8);
      }
      pos += len;
      col++;
    }
    return null;
  }

  private static boolean isBlank(String v) {
    return v == null || v.isBlank();
  }

  private void writeValue(String v) {
    int utf8 = utf8Length(v);
    writeVarint(utf8);
    ensure(utf8);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x80) {
        buffer[length++] = (byte) c;
      } else if (c < 0x800) {
        buffer[length++] = (byte) (0xc0 | (c >> 6));
        buffer[length++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < v.length()
          && Character.isLowSurrogate(v.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, v.charAt(++i));
        buffer[length++] = (byte) (0xf0 | (cp >> 18));
        buffer[length++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        buffer[length++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        buffer[length++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        // A lone surrogate cannot be encoded; store U+FFFD as String.getBytes would.
        char out = Character.isSurrogate(c) ? '\uFFFD' : c;
        buffer[length++] = (byte) (0xe0 | (out >> 12));
        buffer[length++] = (byte) (0x80 | ((out >> 6) & 0x3f));
        buffer[length++] = (byte) (0x80 | (out & 0x3f));
      }
    }
  }

  private static int utf8Length(String v) {
    int n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < v.length()
          && Character.isLowSurrogate(v.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private void writeVarint(int value) {
    ensure(5);
    while ((value & ~0x7f) != 0) {
      buffer[length++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    buffer[length++] = (byte) value;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
