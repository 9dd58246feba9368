package dev.tandem.connector.vdir;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tandem.core.model.Record;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The parsed cards of one vdir folder, kept on disk between runs so that a run where few files
 * changed reads only those. A pure cache: an entry is used only while its file's stamp (time, size,
 * inode) is unchanged, and a missing, old or damaged cache file is simply rebuilt.
 */
final class CardCache {
  private static final String MAGIC = "tandem-vdir-cache/1";

  private CardCache() {}

  /** A length-prefixed UTF-8 string; a damaged length fails (and the cache is rebuilt). */
  private static String readString(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalStateException("damaged cache entry");
    }
    String s = new String(in.array(), in.arrayOffset() + in.position(), length, UTF_8);
    in.position(in.position() + length);
    return s;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /** The cache file for a folder in a cache directory. */
  static Path fileFor(Path cacheDir, Path folder) {
    return cacheDir.resolve(
        "vdir-"
            + VdirConnector.hash(folder.toString().getBytes(StandardCharsets.UTF_8))
            + ".cache");
  }

  /** The cached cards, or an empty map when there is no usable cache. */
  static Map<String, CardFile> load(Path file, Path folder) {
    Map<String, CardFile> out = new HashMap<>();
    if (file == null || !Files.isRegularFile(file)) {
      return out;
    }
    try {
      // One read of the whole file, then parsing from memory: far faster than a stream of small
      // reads for the thousands of short strings a cache holds.
      ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
      if (!MAGIC.equals(readString(in)) || !folder.toString().equals(readString(in))) {
        return out;
      }
      int count = in.getInt();
      // Field names repeat on every card: keep one copy of each.
      Map<String, String> names = new HashMap<>();
      for (int i = 0; i < count; i++) {
        String name = readString(in);
        CardFile.Stamp stamp = new CardFile.Stamp(in.getLong(), in.getLong(), readString(in));
        String version = readString(in);
        int fields = in.getInt();
        Map<String, String> values = new LinkedHashMap<>();
        for (int f = 0; f < fields; f++) {
          String key = readString(in);
          values.put(names.computeIfAbsent(key, k -> k), readString(in));
        }
        Instant modified = Instant.ofEpochSecond(0, stamp.modifiedNanos());
        out.put(name, new CardFile(stamp, new Record(name, values, modified, version), null));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return new HashMap<>();
    }
  }

  private static final String CURSORS_MAGIC = "tandem-vdir-cursors/1";

  /** The file that keeps the listings change cursors refer to, next to the cards' cache file. */
  static Path cursorsFile(Path cacheFile) {
    return cacheFile.resolveSibling(cacheFile.getFileName() + ".cursors");
  }

  /**
   * The listings (file name to stamp) that change cursors handed out refer to, by cursor id, oldest
   * first; empty when there is no usable file (every cursor then counts as expired).
   */
  static LinkedHashMap<String, Map<String, CardFile.Stamp>> loadListings(Path file, Path folder) {
    LinkedHashMap<String, Map<String, CardFile.Stamp>> out = new LinkedHashMap<>();
    if (file == null || !Files.isRegularFile(file)) {
      return out;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
      if (!CURSORS_MAGIC.equals(readString(in)) || !folder.toString().equals(readString(in))) {
        return out;
      }
      int listings = in.getInt();
      for (int l = 0; l < listings; l++) {
        String id = readString(in);
        int count = in.getInt();
        Map<String, CardFile.Stamp> stamps = new HashMap<>(Math.max(16, count * 4 / 3 + 1));
        for (int i = 0; i < count; i++) {
          String name = readString(in);
          stamps.put(name, new CardFile.Stamp(in.getLong(), in.getLong(), readString(in)));
        }
        out.put(id, stamps);
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return new LinkedHashMap<>();
    }
  }

  /**
   * Writes the listings atomically. Unlike the cards' cache this one must be written for cursors to
   * work: a failure is reported (and the cursor it was for must not be handed out).
   */
  static void saveListings(
      Path file, Path folder, Map<String, Map<String, CardFile.Stamp>> listings)
      throws IOException {
    writePrivately(
        file,
        out -> {
          writeString(out, CURSORS_MAGIC);
          writeString(out, folder.toString());
          out.writeInt(listings.size());
          for (Map.Entry<String, Map<String, CardFile.Stamp>> l : listings.entrySet()) {
            writeString(out, l.getKey());
            out.writeInt(l.getValue().size());
            for (Map.Entry<String, CardFile.Stamp> e : l.getValue().entrySet()) {
              writeString(out, e.getKey());
              out.writeLong(e.getValue().modifiedNanos());
              out.writeLong(e.getValue().size());
              writeString(out, e.getValue().fileKey());
            }
          }
        });
  }

  /** What goes into a cache file. */
  @FunctionalInterface
  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /**
   * Writes {@code file} readable by its owner only, atomically (a temporary file renamed over it);
   * the temporary file never stays behind.
   */
  private static void writePrivately(Path file, Body body) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.createFile(temp);
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // the file system has no POSIX permissions; the folder's own protection applies
      }
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
        body.write(out);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes the readable cards (malformed ones are read again next time) atomically. */
  static void save(Path file, Path folder, Map<String, CardFile> cards) {
    if (file == null) {
      return;
    }
    try {
      writePrivately(
          file,
          out -> {
            writeString(out, MAGIC);
            writeString(out, folder.toString());
            Map<String, CardFile> readable = new LinkedHashMap<>();
            cards.forEach(
                (name, card) -> {
                  if (card.record() != null) {
                    readable.put(name, card);
                  }
                });
            out.writeInt(readable.size());
            for (Map.Entry<String, CardFile> e : readable.entrySet()) {
              CardFile.Stamp s = e.getValue().stamp();
              Record r = e.getValue().record();
              writeString(out, e.getKey());
              out.writeLong(s.modifiedNanos());
              out.writeLong(s.size());
              writeString(out, s.fileKey());
              writeString(out, r.version() == null ? "" : r.version());
              out.writeInt(r.fields().size());
              for (Map.Entry<String, String> f : r.fields().entrySet()) {
                writeString(out, f.getKey());
                writeString(out, f.getValue());
              }
            }
          });
    } catch (IOException | RuntimeException e) {
      // A cache that cannot be written only costs the next run some reading.
    }
  }
}
