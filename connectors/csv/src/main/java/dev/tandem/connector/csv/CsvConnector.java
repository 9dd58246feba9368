package dev.tandem.connector.csv;

import dev.tandem.connector.csv.CsvDocument.Line;
import dev.tandem.connector.csv.CsvFile.Snapshot;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.schema.CanonicalFields;
import dev.tandem.core.schema.FieldAliases;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.FieldDef.FieldType;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A CSV file with a header row as an app: rows are records, the id column holds their ids, columns
 * are fields named by their header text and mapped to canonical fields through {@link
 * FieldAliases}.
 *
 * <p>A file has no change feed, so {@link #changes} lists every record ({@code FULL_LISTING}) when
 * the file changed since the cursor (a fingerprint of the file), and nothing at all when it did
 * not. {@link #write} applies a whole batch to the file and replaces it atomically, keeping every
 * row and column it does not touch exactly as it was. Every call that reads or checks the file
 * reports a {@code read file} call to the meter, and every rewrite a {@code write file}.
 */
public final class CsvConnector implements Connector {
  /** Each write rewrites the whole file, so batches are as large as memory comfortably allows. */
  static final int BATCH_SIZE = 10_000;

  private static final String CURSOR = "csv1";
  private static final String LISTING = "csv1-list";

  private final CsvFile file;
  private final ObjectType type;
  private final Capabilities capabilities;

  CsvConnector(CsvFile file, ObjectType type, int pageSize) {
    this.file = file;
    this.type = type;
    this.capabilities =
        new Capabilities(
            Set.of(type), pageSize, BATCH_SIZE, Capabilities.ChangeMode.FULL_LISTING, false, false);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public Schema schema(ObjectType type) {
    check(type);
    return new Schema(type, columns(file.current(false)).defs());
  }

  @Override
  public Page scan(ObjectType type, String pageToken) {
    check(type);
    Snapshot s = file.current(true);
    int from = 0;
    if (pageToken != null) {
      try {
        from = Integer.parseInt(pageToken);
      } catch (NumberFormatException e) {
        throw new ConnectorException(
            "file " + file.label() + ": '" + pageToken + "' is not a page token", false);
      }
    }
    int to = Math.min(s.records().size(), from + capabilities.pageSize());
    List<Record> records = records(s, from, to);
    return new Page(records, to < s.records().size() ? Integer.toString(to) : null);
  }

  @Override
  public String currentCursor(ObjectType type) {
    check(type);
    return cursorOf(file.current(false));
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    check(type);
    String[] parts = cursor == null ? new String[0] : cursor.split(":");
    if (parts.length == 3 && parts[0].equals(LISTING)) {
      Snapshot s = file.current(true);
      if (!s.hash().startsWith(parts[1])) {
        throw new CursorExpiredException(
            "file " + file.label() + " changed while its rows were being listed");
      }
      return listing(s, parseInt(parts[2], cursor));
    }
    if (parts.length != 6 || !parts[0].equals(CURSOR)) {
      throw new CursorExpiredException(
          "file " + file.label() + ": '" + cursor + "' is not a cursor of a CSV app");
    }
    long size = parseLong(parts[1], cursor);
    long mtime = parseLong(parts[2], cursor);
    long ctime = parseLong(parts[3], cursor);
    String hash = parts[4];
    boolean trusted = parts[5].equals("t");
    CsvFile.Stat stat = file.stat();
    if (trusted
        && stat.size() == size
        && stat.mtimeNanos() == mtime
        && stat.ctimeNanos() == ctime) {
      // Unchanged since the cursor, proven by its stat alone: nothing to read, nothing to do.
      file.reportCheck();
      return new Changes(List.of(), List.of(), cursor, false, false);
    }
    Snapshot s = file.current(true);
    if (s.hash().startsWith(hash)) {
      return new Changes(List.of(), List.of(), cursorOf(s), false, false);
    }
    return listing(s, 0);
  }

  private Changes listing(Snapshot s, int from) {
    int to = Math.min(s.records().size(), from + capabilities.pageSize());
    boolean more = to < s.records().size();
    String next = more ? LISTING + ":" + shortHash(s) + ":" + to : cursorOf(s);
    return new Changes(records(s, from, to), List.of(), next, more, true);
  }

  /**
   * The file's fingerprint: size, modification and change times, content hash, and whether the stat
   * alone proves the file unchanged ({@code t}) or the hash must be compared ({@code r}).
   */
  private static String cursorOf(Snapshot s) {
    return CURSOR
        + ":"
        + s.stat().size()
        + ":"
        + s.stat().mtimeNanos()
        + ":"
        + s.stat().ctimeNanos()
        + ":"
        + shortHash(s)
        + ":"
        + (s.statIsTrustworthy() ? "t" : "r");
  }

  private static String shortHash(Snapshot s) {
    return s.hash().substring(0, 32);
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    check(type);
    Snapshot s = file.current(true);
    Columns columns = columns(s);
    List<Record> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      Integer index = id == null ? null : s.lineById().get(id);
      if (index != null && seen.add(id)) {
        out.add(record(s, columns, s.doc().lines().get(index)));
      }
    }
    return out;
  }

  @Override
  public List<Record> find(ObjectType type, String field, List<String> values) {
    check(type);
    Snapshot s = file.current(true);
    Columns columns = columns(s);
    Integer column = columns.byName().get(field);
    if (column == null) {
      return List.of();
    }
    // Emails and domains match ignoring case, as CRMs compare them.
    String canonical = columns.canonical().get(field);
    boolean email =
        CanonicalFields.EMAIL.equals(canonical) || CanonicalFields.DOMAIN.equals(canonical);
    Set<String> wanted = new HashSet<>();
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        wanted.add(email ? normalizeEmail(v) : v);
      }
    }
    List<Record> out = new ArrayList<>();
    for (Line line : s.records()) {
      String v = line.cell(column);
      if (!v.isBlank() && wanted.contains(email ? normalizeEmail(v) : v)) {
        out.add(record(s, columns, line));
      }
    }
    return out;
  }

  @Override
  public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    check(type);
    if (ops.size() > BATCH_SIZE) {
      throw new ConnectorException(
          "file " + file.label() + ": a write of " + ops.size() + " rows exceeds " + BATCH_SIZE,
          false);
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      Snapshot s = file.current(false);
      Batch batch = apply(s, ops);
      if (!batch.changed) {
        return batch.results;
      }
      if (file.replace(s, s.doc().withLines(batch.lines)) != null) {
        return batch.results;
      }
      // Someone changed the file while we prepared ours: apply the batch again to their version.
    }
    throw new ConnectorException(
        "file " + file.label() + " keeps changing while Tandem writes to it; try again later",
        true);
  }

  private record Batch(List<Line> lines, List<WriteResult> results, boolean changed) {}

  private Batch apply(Snapshot s, List<WriteOp> ops) {
    Columns columns = columns(s);
    int width = s.doc().header().cells().length;
    int idCol = s.idColumn();
    List<Line> lines = new ArrayList<>(s.doc().lines());
    Map<String, Integer> byId = new HashMap<>(s.lineById());
    List<WriteResult> results = new ArrayList<>(ops.size());
    boolean changed = false;
    for (WriteOp op : ops) {
      switch (op.kind()) {
        case CREATE -> {
          String id = file.newId(byId.keySet());
          String[] cells = new String[width];
          Arrays.fill(cells, "");
          cells[idCol] = id;
          set(cells, columns, op.fields());
          lines.add(new Line(cells, null, null, 0));
          byId.put(id, lines.size() - 1);
          results.add(WriteResult.ok(id, null));
          changed = true;
        }
        case UPDATE -> {
          Integer index = byId.get(op.id());
          if (index == null) {
            results.add(notFound(op.id()));
            continue;
          }
          Line line = lines.get(index);
          String[] cells = CsvFile.widen(line.cells(), width);
          set(cells, columns, op.fields());
          if (!Arrays.equals(cells, CsvFile.widen(line.cells(), width))) {
            lines.set(index, new Line(cells, null, line.eol(), line.number()));
            changed = true;
          }
          results.add(WriteResult.ok(op.id(), null));
        }
        case DELETE -> {
          Integer index = byId.remove(op.id());
          if (index == null) {
            results.add(notFound(op.id()));
            continue;
          }
          lines.set(index, null);
          results.add(WriteResult.ok(op.id(), null));
          changed = true;
        }
        default -> throw new IllegalStateException("unknown write kind " + op.kind());
      }
    }
    lines.removeIf(l -> l == null);
    return new Batch(lines, results, changed);
  }

  /** Sets the cells of the columns the file has; fields for other columns are ignored. */
  private static void set(String[] cells, Columns columns, Map<String, String> fields) {
    fields.forEach(
        (name, value) -> {
          Integer column = columns.byName().get(name);
          if (column != null) {
            cells[column] = value == null ? "" : value;
          }
        });
  }

  private WriteResult notFound(String id) {
    return WriteResult.failed(
        id,
        new WriteError(
            WriteError.Kind.NOT_FOUND, "file " + file.label() + " has no row with id " + id));
  }

  // ------------------------------------------------------------ records and columns

  /**
   * The field columns of a file: every named column but the id column.
   *
   * @param byName column index by header text
   * @param canonical canonical field by header text (only for columns that have one)
   * @param defs the schema's fields, in column order
   */
  private record Columns(
      Map<String, Integer> byName, Map<String, String> canonical, List<FieldDef> defs) {}

  private Columns columns(Snapshot s) {
    String[] header = s.doc().header().cells();
    Map<String, Integer> byName = new LinkedHashMap<>();
    Map<String, String> canonical = new HashMap<>();
    List<FieldDef> defs = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < header.length; i++) {
      String name = i == 0 ? header[i].replace("\uFEFF", "") : header[i];
      if (i == s.idColumn() || name.isBlank()) {
        continue;
      }
      // References hold ids of another object type of the same app; a CSV file has only one.
      String canon =
          FieldAliases.canonicalFor(type, name)
              .filter(c -> !c.endsWith("Ref"))
              .filter(taken::add)
              .orElse(null);
      byName.put(name, i);
      if (canon != null) {
        canonical.put(name, canon);
      }
      defs.add(new FieldDef(name, canon, fieldType(canon), List.of(), false));
    }
    return new Columns(byName, canonical, defs);
  }

  private static FieldType fieldType(String canonical) {
    if (CanonicalFields.EMAIL.equals(canonical)) {
      return FieldType.EMAIL;
    }
    if (CanonicalFields.TAGS.equals(canonical)) {
      return FieldType.MULTI;
    }
    return FieldType.STRING;
  }

  private List<Record> records(Snapshot s, int from, int to) {
    Columns columns = columns(s);
    List<Record> out = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      out.add(record(s, columns, s.records().get(i)));
    }
    return out;
  }

  private static Record record(Snapshot s, Columns columns, Line line) {
    Map<String, String> fields = new LinkedHashMap<>();
    columns.byName().forEach((name, column) -> fields.put(name, line.cell(column)));
    return new Record(s.id(line), fields, s.modified(), null);
  }

  private void check(ObjectType requested) {
    if (requested != type) {
      throw new ConnectorException(
          "file " + file.label() + " holds " + type + " records, not " + requested, false);
    }
  }

  private static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  private int parseInt(String s, String cursor) {
    return (int) parseLong(s, cursor);
  }

  private long parseLong(String s, String cursor) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new CursorExpiredException(
          "file " + file.label() + ": '" + cursor + "' is not a cursor of a CSV app");
    }
  }

  @Override
  public String toString() {
    return "CsvConnector[" + file.label() + "]";
  }
}
