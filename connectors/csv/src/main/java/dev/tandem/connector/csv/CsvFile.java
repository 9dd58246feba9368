package dev.tandem.connector.csv;

import dev.tandem.connector.csv.CsvDocument.Line;
import dev.tandem.core.spi.ApiMeter;
import dev.tandem.core.spi.ConnectorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The CSV file behind a connector: reads it when it changed on disk, gives every row an id (adding
 * the id column if the file has none, and saving the ids at once so they stay the same across
 * runs), and replaces it atomically (a temp file in the same folder, then a rename) so that it is
 * never seen half-written.
 *
 * <p>Whether the file changed is decided as git does: equal size, modification time and file key
 * are trusted only when the file was read at least {@link #RACY_NANOS} after it was last modified;
 * otherwise a change within the same clock tick could hide behind an equal time, so the bytes are
 * read again and compared by hash.
 */
final class CsvFile {
  /** Coarser than any file system's modification time granularity we meet (FAT has 2 s). */
  static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final Path path;
  private final String label;
  private final String idColumn;
  private final char delimiter;
  private final CsvCodec codec;
  private final ApiMeter meter;
  private final SecureRandom random = new SecureRandom();
  private Snapshot cache;
  private boolean unixAttributes = true;

  /**
   * @param label the file as the user wrote it, for messages
   */
  CsvFile(Path path, String label, String idColumn, char delimiter, ApiMeter meter) {
    this.path = path;
    this.label = label;
    this.idColumn = idColumn;
    this.delimiter = delimiter;
    this.codec = new CsvCodec(delimiter, label);
    this.meter = meter;
  }

  String label() {
    return label;
  }

  CsvCodec codec() {
    return codec;
  }

  /**
   * Size, modification time, change time (ns; 0 where the system has none) and file key: a rename
   * or a rewrite changes at least one, and {@code cp -p} of another file changes the change time.
   */
  record Stat(long size, long mtimeNanos, long ctimeNanos, Object fileKey) {

    /** The latest of the two times: the stat proves nothing about changes within a tick of it. */
    long latestNanos() {
      return Math.max(mtimeNanos, ctimeNanos);
    }
  }

  /**
   * The file's content as of one read.
   *
   * @param doc the parsed file
   * @param stat the file's stat when it was read
   * @param readAtNanos wall-clock time just before the read
   * @param hash hex SHA-256 of the bytes
   * @param idColumn the id column's index
   * @param records the lines holding records, in file order
   * @param lineById each record's index in {@code doc.lines()}, by id
   */
  record Snapshot(
      CsvDocument doc,
      Stat stat,
      long readAtNanos,
      String hash,
      int idColumn,
      List<Line> records,
      Map<String, Integer> lineById) {

    String id(Line line) {
      return line.cell(idColumn).trim();
    }

    Instant modified() {
      return Instant.ofEpochSecond(0, stat.mtimeNanos());
    }

    /** Whether the stat alone proves the file unchanged since this read. */
    boolean statIsTrustworthy() {
      return readAtNanos - stat.latestNanos() >= RACY_NANOS;
    }
  }

  /**
   * The file's current content, read again only when it changed.
   *
   * @param alwaysCount report a "read file" call even when the cached content is current
   */
  Snapshot current(boolean alwaysCount) {
    Stat stat = stat();
    if (cache != null && cache.stat().equals(stat) && cache.statIsTrustworthy()) {
      if (alwaysCount) {
        meter.call("read file");
      }
      return cache;
    }
    long readAt = nowNanos();
    meter.call("read file");
    byte[] bytes = readBytes();
    String hash = hash(bytes);
    if (cache != null && cache.hash().equals(hash)) {
      cache =
          new Snapshot(
              cache.doc(), stat, readAt, hash, cache.idColumn(), cache.records(), cache.lineById());
      return cache;
    }
    cache = load(bytes, stat, readAt, hash);
    return cache;
  }

  private long changeTime() {
    if (!unixAttributes) {
      return 0;
    }
    try {
      return ((FileTime) Files.getAttribute(path, "unix:ctime")).to(TimeUnit.NANOSECONDS);
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      unixAttributes = false;
      return 0;
    }
  }

  /** Reports a call that checked the file without reading it. */
  void reportCheck() {
    meter.call("read file");
  }

  /** The file's stat now, without reading it. */
  Stat stat() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new Stat(
          a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), changeTime(), a.fileKey());
    } catch (NoSuchFileException e) {
      throw new ConnectorException("file " + label + " does not exist any more", false, e);
    } catch (IOException e) {
      throw ioFailure("cannot read", e);
    }
  }

  /**
   * Replaces the file with a new document, unless the file changed on disk since {@code base} was
   * read (then returns null and writes nothing, and the caller applies its changes again).
   */
  Snapshot replace(Snapshot base, CsvDocument doc) {
    byte[] bytes = codec.write(doc);
    Path temp = null;
    try {
      temp =
          Files.createTempFile(path.toAbsolutePath().getParent(), "." + path.getFileName(), ".tmp");
      copyPermissions(temp);
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (!stat().equals(base.stat())) {
        return null;
      }
      meter.call("write file");
      long writeAt = nowNanos();
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new ConnectorException(
            "file " + label + ": its folder does not support atomic renames", false, e);
      }
      temp = null;
      syncFolder();
      cache = index(doc, stat(), writeAt, hash(bytes));
      return cache;
    } catch (IOException e) {
      throw ioFailure("cannot write", e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // The temp file is hidden and harmless; the write's own error is what matters.
        }
      }
    }
  }

  /** A new id, unique in the file: 12 random base32 characters. */
  String newId(Set<String> taken) {
    while (true) {
      long bits = random.nextLong();
      char[] id = new char[12];
      for (int i = 0; i < id.length; i++) {
        id[i] = BASE32[(int) (bits >>> (5 * i)) & 31];
      }
      String s = new String(id);
      if (!taken.contains(s)) {
        return s;
      }
    }
  }

  // ------------------------------------------------------------ loading

  private Snapshot load(byte[] bytes, Stat stat, long readAt, String hash) {
    CsvDocument doc = codec.parse(bytes);
    List<Line> lines = new ArrayList<>(doc.lines());
    Line header = lines.get(0);
    checkHeader(header);
    int idCol = idColumnOf(header);
    boolean added = idCol < 0;
    boolean assigned = added;
    if (added) {
      idCol = 0;
      lines.set(0, prepend(header, idColumn, codec.quote(idColumn)));
      for (int i = 1; i < lines.size(); i++) {
        Line line = lines.get(i);
        lines.set(i, prepend(line, "", line.blank() ? null : ""));
      }
    }
    Map<String, Integer> firstLine = new HashMap<>();
    int width = lines.get(0).cells().length;
    for (int i = 1; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (line.blank()) {
        continue;
      }
      checkWidth(line, width);
      String id = line.cell(idCol).trim();
      if (!id.isEmpty()) {
        Integer previous = firstLine.putIfAbsent(id, i);
        if (previous != null) {
          throw new ConnectorException(
              "file "
                  + label
                  + ": id '"
                  + id
                  + "' is on lines "
                  + lines.get(previous).number()
                  + " and "
                  + line.number()
                  + "; every row needs its own id",
              false);
        }
      }
    }
    for (int i = 1; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (!line.blank() && line.cell(idCol).isBlank()) {
        String id = newId(firstLine.keySet());
        firstLine.put(id, i);
        if (added && line.raw() != null) {
          // The rest of the row is untouched: keep its text exactly, after the new id.
          String[] cells = line.cells().clone();
          cells[0] = id;
          lines.set(i, new Line(cells, id + line.raw(), line.eol(), line.number()));
        } else {
          lines.set(i, withCell(line, idCol, id, width));
        }
        assigned = true;
      }
    }
    CsvDocument loaded = doc.withLines(lines);
    if (!assigned) {
      return index(loaded, stat, readAt, hash);
    }
    Snapshot base = index(doc, stat, readAt, hash);
    Snapshot saved = replace(base, loaded);
    if (saved == null) {
      throw new ConnectorException(
          "file " + label + " changed while Tandem was saving the ids it gave new rows", true);
    }
    return saved;
  }

  private Snapshot index(CsvDocument doc, Stat stat, long readAt, String hash) {
    int idCol = Math.max(0, idColumnOf(doc.header()));
    List<Line> records = new ArrayList<>();
    Map<String, Integer> byId = new HashMap<>();
    List<Line> lines = doc.lines();
    for (int i = 1; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (!line.blank()) {
        records.add(line);
        byId.put(line.cell(idCol).trim(), i);
      }
    }
    return new Snapshot(doc, stat, readAt, hash, idCol, List.copyOf(records), Map.copyOf(byId));
  }

  int idColumnOf(Line header) {
    String[] cells = header.cells();
    for (int i = 0; i < cells.length; i++) {
      if (cells[i].replace("\uFEFF", "").trim().equalsIgnoreCase(idColumn)) {
        return i;
      }
    }
    return -1;
  }

  private void checkHeader(Line header) {
    if (header.blank()) {
      throw new ConnectorException(
          "file " + label + ", line 1: the first line must be the header row, but it is empty",
          false);
    }
    Map<String, Integer> seen = new HashMap<>();
    String[] cells = header.cells();
    for (int i = 0; i < cells.length; i++) {
      String name = cells[i].trim();
      if (name.isEmpty()) {
        continue;
      }
      Integer previous = seen.putIfAbsent(name, i);
      if (previous != null) {
        throw new ConnectorException(
            "file "
                + label
                + ", line 1: columns "
                + (previous + 1)
                + " and "
                + (i + 1)
                + " are both named '"
                + name
                + "'",
            false);
      }
    }
  }

  private void checkWidth(Line line, int width) {
    String[] cells = line.cells();
    for (int i = width; i < cells.length; i++) {
      if (!cells[i].isBlank()) {
        throw new ConnectorException(
            "file "
                + label
                + ", line "
                + line.number()
                + ": the row has "
                + cells.length
                + " values but the header has "
                + width
                + " columns",
            false);
      }
    }
  }

  private Line prepend(Line line, String cell, String rawCell) {
    String[] cells = new String[line.cells().length + 1];
    cells[0] = cell;
    System.arraycopy(line.cells(), 0, cells, 1, line.cells().length);
    String raw =
        line.raw() == null || rawCell == null ? line.raw() : rawCell + delimiter + line.raw();
    return new Line(cells, raw, line.eol(), line.number());
  }

  /** A copy of a line, at least {@code width} cells wide, with one cell changed; written anew. */
  static Line withCell(Line line, int column, String value, int width) {
    String[] cells = widen(line.cells(), width);
    cells[column] = value;
    return new Line(cells, null, line.eol(), line.number());
  }

  static String[] widen(String[] cells, int width) {
    String[] out = new String[Math.max(width, cells.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = i < cells.length && cells[i] != null ? cells[i] : "";
    }
    return out;
  }

  // ------------------------------------------------------------ io

  private byte[] readBytes() {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ConnectorException("file " + label + " does not exist any more", false, e);
    } catch (IOException e) {
      throw ioFailure("cannot read", e);
    }
  }

  /** Makes the rename itself durable, so ids saved before a crash are there after it. */
  private void syncFolder() {
    try (FileChannel folder = FileChannel.open(path.toAbsolutePath().getParent())) {
      folder.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some systems (Windows) cannot open a folder; the rename is still atomic there.
    }
  }

  private void copyPermissions(Path temp) {
    PosixFileAttributeView source = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    PosixFileAttributeView target = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
    if (source == null || target == null) {
      return;
    }
    try {
      target.setPermissions(source.readAttributes().permissions());
    } catch (IOException | UnsupportedOperationException e) {
      // Keeping the temp file's default permissions is better than failing the write.
    }
  }

  private ConnectorException ioFailure(String what, IOException e) {
    boolean denied = e instanceof AccessDeniedException;
    return new ConnectorException(
        "file "
            + label
            + ": "
            + what
            + " it ("
            + (denied ? "permission denied" : Objects.toString(e.getMessage(), e.toString()))
            + ")",
        !denied,
        e);
  }

  static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static long nowNanos() {
    // File times are wall-clock times, so this compares with the real clock, not an injected one.
    Instant now = Instant.now();
    return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
  }
}
