package dev.tandem.connector.memory;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * An app that lives in the JVM, for tests and benchmarks: it holds contacts, companies and deals
 * and answers {@link MemoryConnector}s the way a CRM's API would, with a change feed, tombstones
 * for deletions, optimistic versions, optional unique emails and injectable {@link Faults}.
 *
 * <p>Tests change the app directly ({@link #put}, {@link #edit}, {@link #delete}) as a user would
 * in the app's own UI: those changes are not API calls and are never refused by faults. Every
 * change bumps the record's version, sets its modified time from the app's clock and takes the next
 * number of the app's global change sequence, which the connector uses as its change cursor.
 *
 * <p>Records are stored compactly (see {@link RecordTable}): a million contacts of six short fields
 * take about 120 MB. Thread-safe.
 */
public final class MemoryApp {
  private static final Map<String, MemoryApp> REGISTRY = new ConcurrentHashMap<>();

  private final String name;
  private final Map<ObjectType, RecordTable> tables = new EnumMap<>(ObjectType.class);
  private final Faults faults;
  private volatile Clock clock;
  private long sequence;
  private long apiCalls;

  public MemoryApp(String name, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.faults = new Faults(name);
    for (ObjectType type : ObjectType.values()) {
      tables.put(type, new RecordTable());
    }
  }

  public MemoryApp(String name) {
    this(name, Clock.systemUTC());
  }

  /**
   * The app registered under a name, created on first use, so that a config {@code {type: memory,
   * name: x}} and a test share one app.
   */
  public static MemoryApp named(String name) {
    return REGISTRY.computeIfAbsent(name, MemoryApp::new);
  }

  /** Drops a named app from the registry; the next {@link #named} creates a new, empty one. */
  public static void forget(String name) {
    REGISTRY.remove(name);
  }

  public String name() {
    return name;
  }

  /** The faults this app injects into its connectors' calls. */
  public Faults faults() {
    return faults;
  }

  /** Sets the clock the app stamps modified times with. */
  public void useClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Makes creates through the API that bring an email already held by another record of the type
   * fail with {@code ALREADY_EXISTS} and that record's id, as HubSpot does for contacts.
   */
  public synchronized void enforceUniqueEmails(boolean on) {
    tables.values().forEach(t -> t.enforceUniqueEmails(on));
  }

  /** The last change sequence number; a cursor taken now. */
  public synchronized long sequence() {
    return sequence;
  }

  /** API calls made by all connectors of this app (including those that faults refused). */
  public synchronized long apiCalls() {
    return apiCalls;
  }

  // ------------------------------------------------------------ direct access for tests

  /** Creates a record; returns its new id. Blank values are left out. */
  public synchronized String put(ObjectType type, Map<String, String> fields) {
    RecordTable t = table(type);
    return t.idOf(t.create(null, clean(fields), ++sequence, now()));
  }

  /** Creates or replaces (all fields) the record with this id, reviving it if it was deleted. */
  public synchronized void put(ObjectType type, String id, Map<String, String> fields) {
    Objects.requireNonNull(id, "id");
    RecordTable t = table(type);
    int slot = t.slotOf(id);
    if (slot < 0) {
      t.create(id, clean(fields), ++sequence, now());
    } else {
      t.replace(slot, clean(fields), ++sequence, now());
    }
  }

  /**
   * Changes some fields of a record; an empty value clears a field.
   *
   * @throws IllegalArgumentException when no such record exists
   */
  public synchronized void edit(ObjectType type, String id, Map<String, String> changes) {
    RecordTable t = table(type);
    t.edit(existing(t, type, id), changes, ++sequence, now());
  }

  /**
   * Deletes a record, leaving a tombstone that changes report.
   *
   * @return whether the record existed
   */
  public synchronized boolean delete(ObjectType type, String id) {
    RecordTable t = table(type);
    int slot = t.liveSlotOf(id);
    if (slot < 0) {
      return false;
    }
    t.delete(slot, ++sequence, now());
    return true;
  }

  /** The record with this id, or null. */
  public synchronized Record get(ObjectType type, String id) {
    RecordTable t = table(type);
    int slot = t.liveSlotOf(id);
    return slot < 0 ? null : t.record(slot);
  }

  /** Every record of a type, in scan order. Builds a Record per record: mind the heap. */
  public synchronized List<Record> all(ObjectType type) {
    RecordTable t = table(type);
    List<Record> out = new ArrayList<>(t.size());
    for (int slot = 0; slot < t.slotCount(); slot++) {
      if (t.isLive(slot)) {
        out.add(t.record(slot));
      }
    }
    return out;
  }

  public synchronized int size(ObjectType type) {
    return table(type).size();
  }

  /**
   * Creates {@code count} records for benchmarks, record {@code i} with the fields {@code
   * fields.apply(i)}, keeping nothing of each map but its packed values. All get one modified time.
   *
   * @return the id of the first record created; the others follow in scan order
   */
  public synchronized String load(
      ObjectType type, int count, IntFunction<Map<String, String>> fields) {
    RecordTable t = table(type);
    t.reserve(count);
    long now = now();
    String first = null;
    for (int i = 0; i < count; i++) {
      int slot = t.create(null, fields.apply(i), ++sequence, now);
      if (first == null) {
        first = t.idOf(slot);
      }
    }
    return first;
  }

  // ------------------------------------------------------------ the API, for MemoryConnector

  /**
   * Counts an API call and throws the fault due, if any.
   *
   * @return true when the call must crash after it is applied
   */
  boolean beforeCall(String endpoint) {
    synchronized (this) {
      apiCalls++;
    }
    return faults.before(endpoint);
  }

  synchronized Page scan(ObjectType type, String pageToken, int pageSize) {
    RecordTable t = table(type);
    int slot = 0;
    if (pageToken != null) {
      try {
        slot = Integer.parseInt(pageToken);
      } catch (NumberFormatException e) {
        throw new ConnectorException(
            "memory app '" + name + "': '" + pageToken + "' is not a page token of this app",
            false);
      }
    }
    List<Record> records = new ArrayList<>(Math.min(pageSize, Math.max(0, t.size())));
    while (slot < t.slotCount() && records.size() < pageSize) {
      if (t.isLive(slot)) {
        records.add(t.record(slot));
      }
      slot++;
    }
    while (slot < t.slotCount() && !t.isLive(slot)) {
      slot++;
    }
    return new Page(records, slot < t.slotCount() ? Integer.toString(slot) : null);
  }

  synchronized Changes changes(ObjectType type, String cursor, int pageSize) {
    long after;
    try {
      after = Long.parseLong(cursor);
    } catch (NumberFormatException | NullPointerException e) {
      throw new CursorExpiredException(
          "memory app '" + name + "': '" + cursor + "' is not a change cursor of this app");
    }
    if (faults.cursorExpired(after)) {
      throw new CursorExpiredException(
          "memory app '" + name + "': change cursor " + after + " has expired");
    }
    RecordTable t = table(type);
    List<Record> changed = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    int pos = t.logPositionAfter(after);
    long last = after;
    while (pos < t.logSize() && changed.size() + deleted.size() < pageSize) {
      if (t.isLatest(pos)) {
        int slot = t.logSlot(pos);
        if (t.isLive(slot)) {
          changed.add(t.record(slot));
        } else {
          deleted.add(t.idOf(slot));
        }
      }
      last = t.logSeq(pos);
      pos++;
    }
    boolean hasMore = pos < t.logSize();
    String next = Long.toString(hasMore ? last : Math.max(last, sequence));
    return new Changes(changed, deleted, next, hasMore, false);
  }

  synchronized List<Record> read(ObjectType type, List<String> ids) {
    RecordTable t = table(type);
    List<Record> out = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (String id : ids) {
      int slot = t.liveSlotOf(id);
      if (slot >= 0 && seen.add(slot)) {
        out.add(t.record(slot));
      }
    }
    return out;
  }

  synchronized List<Record> find(ObjectType type, String field, List<String> values) {
    RecordTable t = table(type);
    boolean email = "email".equals(field);
    Set<String> wanted = new HashSet<>();
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        wanted.add(email ? RecordTable.normalize(v) : v);
      }
    }
    List<Record> out = new ArrayList<>();
    if (wanted.isEmpty()) {
      return out;
    }
    if (email && t.uniqueEmails()) {
      for (String v : wanted) {
        int slot = t.slotByEmail(v);
        if (slot >= 0) {
          out.add(t.record(slot));
        }
      }
      return out;
    }
    for (int slot = 0; slot < t.slotCount(); slot++) {
      if (t.isLive(slot)) {
        String v = t.value(slot, field);
        if (v != null && wanted.contains(email ? RecordTable.normalize(v) : v)) {
          out.add(t.record(slot));
        }
      }
    }
    return out;
  }

  synchronized List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    RecordTable t = table(type);
    List<WriteResult> results = new ArrayList<>(ops.size());
    for (WriteOp op : ops) {
      results.add(apply(type, t, op));
    }
    return results;
  }

  private WriteResult apply(ObjectType type, RecordTable t, WriteOp op) {
    switch (op.kind()) {
      case CREATE -> {
        Map<String, String> fields = clean(op.fields());
        Optional<String> rejected = faults.rejection(fields);
        if (rejected.isPresent()) {
          return WriteResult.failed(null, new WriteError(WriteError.Kind.INVALID, rejected.get()));
        }
        if (t.uniqueEmails()) {
          int holder = t.slotByEmail(fields.get("email"));
          if (holder >= 0) {
            String existing = t.idOf(holder);
            return WriteResult.failed(
                null,
                new WriteError(
                    WriteError.Kind.ALREADY_EXISTS,
                    "a "
                        + type
                        + " with email "
                        + fields.get("email")
                        + " already exists (id "
                        + existing
                        + ")",
                    existing));
          }
        }
        int slot = t.create(null, fields, ++sequence, now());
        return WriteResult.ok(t.idOf(slot), Integer.toString(t.version(slot)));
      }
      case UPDATE -> {
        int slot = t.liveSlotOf(op.id());
        if (slot < 0) {
          return notFound(type, op.id());
        }
        if (mismatch(t, slot, op)) {
          return versionMismatch(t, slot, op);
        }
        Map<String, String> merged = t.fields(slot);
        op.fields()
            .forEach(
                (k, v) -> {
                  if (v == null || v.isBlank()) {
                    merged.remove(k);
                  } else {
                    merged.put(k, v);
                  }
                });
        Optional<String> rejected = faults.rejection(merged);
        if (rejected.isPresent()) {
          return WriteResult.failed(
              op.id(), new WriteError(WriteError.Kind.INVALID, rejected.get()));
        }
        if (t.uniqueEmails()) {
          int holder = t.slotByEmail(merged.get("email"));
          if (holder >= 0 && holder != slot) {
            return WriteResult.failed(
                op.id(),
                new WriteError(
                    WriteError.Kind.INVALID,
                    "email "
                        + merged.get("email")
                        + " is already used by "
                        + type
                        + " "
                        + t.idOf(holder)));
          }
        }
        t.replace(slot, merged, ++sequence, now());
        return WriteResult.ok(op.id(), Integer.toString(t.version(slot)));
      }
      case DELETE -> {
        int slot = t.liveSlotOf(op.id());
        if (slot < 0) {
          return notFound(type, op.id());
        }
        if (mismatch(t, slot, op)) {
          return versionMismatch(t, slot, op);
        }
        t.delete(slot, ++sequence, now());
        return WriteResult.ok(op.id(), Integer.toString(t.version(slot)));
      }
      default -> throw new IllegalStateException("unknown write kind " + op.kind());
    }
  }

  private static boolean mismatch(RecordTable t, int slot, WriteOp op) {
    return op.ifMatch() != null && !op.ifMatch().equals(Integer.toString(t.version(slot)));
  }

  private static WriteResult versionMismatch(RecordTable t, int slot, WriteOp op) {
    return WriteResult.failed(
        op.id(),
        new WriteError(
            WriteError.Kind.VERSION_MISMATCH,
            "record " + op.id() + " is at version " + t.version(slot) + ", not " + op.ifMatch()));
  }

  private static WriteResult notFound(ObjectType type, String id) {
    return WriteResult.failed(
        id, new WriteError(WriteError.Kind.NOT_FOUND, "no " + type + " with id " + id));
  }

  // ------------------------------------------------------------ helpers

  /** The field names the app has seen for a type, in order of first use. */
  synchronized List<String> fieldNames(ObjectType type) {
    return table(type).columns();
  }

  private RecordTable table(ObjectType type) {
    return tables.get(Objects.requireNonNull(type, "type"));
  }

  private int existing(RecordTable t, ObjectType type, String id) {
    int slot = t.liveSlotOf(id);
    if (slot < 0) {
      throw new IllegalArgumentException(
          "memory app '" + name + "' has no " + type + " with id " + id);
    }
    return slot;
  }

  private long now() {
    return clock.millis();
  }

  private static Map<String, String> clean(Map<String, String> fields) {
    Map<String, String> out = new LinkedHashMap<>();
    if (fields != null) {
      fields.forEach(
          (k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
              out.put(k, v);
            }
          });
    }
    return out;
  }

  @Override
  public String toString() {
    return "MemoryApp[" + name + "]";
  }
}
