package dev.tandem.connector.memory;

import dev.tandem.core.model.Record;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The records of one object type, stored compactly: a shared list of field names (columns), one
 * packed byte array of values per record (see {@link RecordCodec}) and parallel primitive arrays
 * for version, modified time and last change sequence. Records live in slots that are never reused,
 * so slot order is a stable scan order; a deleted record leaves a tombstone (a null data array) so
 * that changes can report it.
 *
 * <p>Ids: a record created without an id gets {@code slot + 1} in decimal, which costs no memory;
 * ids given by a caller are kept in two small maps. Not thread-safe: {@link MemoryApp} locks.
 */
final class RecordTable {
  private static final String EMAIL = "email";

  private final List<String> columns = new ArrayList<>();
  private final Map<String, Integer> columnIndex = new HashMap<>();
  private final RecordCodec codec = new RecordCodec();
  private String[] scratch = new String[16];

  private byte[][] data = new byte[64][];
  private long[] seq = new long[64];
  private long[] modified = new long[64];
  private int[] version = new int[64];
  private int slots;
  private int live;

  private final Map<String, Integer> slotByCustomId = new HashMap<>();
  private final Map<Integer, String> customIdBySlot = new HashMap<>();

  /** The change log: which slot changed at which sequence number, in sequence order. */
  private long[] logSeq = new long[64];

  private int[] logSlot = new int[64];
  private int logSize;

  /** Lower-cased email to slot; null unless unique emails are enforced. */
  private Map<String, Integer> emailIndex;

  int size() {
    return live;
  }

  List<String> columns() {
    return List.copyOf(columns);
  }

  // ------------------------------------------------------------ ids

  /** The slot of a live or deleted record with this id, or -1. */
  int slotOf(String id) {
    if (id == null) {
      return -1;
    }
    Integer custom = slotByCustomId.get(id);
    if (custom != null) {
      return custom;
    }
    int n = id.length();
    if (n == 0 || n > 10 || id.charAt(0) == '0') {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    long slot = v - 1;
    if (slot >= slots || (!customIdBySlot.isEmpty() && customIdBySlot.containsKey((int) slot))) {
      return -1;
    }
    return (int) slot;
  }

  /** The slot of a live record, or -1. */
  int liveSlotOf(String id) {
    int slot = slotOf(id);
    return slot >= 0 && data[slot] != null ? slot : -1;
  }

  String idOf(int slot) {
    if (!customIdBySlot.isEmpty()) {
      String custom = customIdBySlot.get(slot);
      if (custom != null) {
        return custom;
      }
    }
    return Integer.toString(slot + 1);
  }

  // ------------------------------------------------------------ changes

  /** Creates a record in a new slot; {@code id} null means a generated one. Returns the slot. */
  int create(String id, Map<String, String> fields, long changeSeq, long now) {
    int slot = slots;
    grow(slot + 1);
    slots++;
    String generated = Integer.toString(slot + 1);
    if (id != null && !id.equals(generated)) {
      register(slot, id);
    } else if (id == null && slotByCustomId.containsKey(generated)) {
      // A caller already chose this number as an id: give the new record a distinct one.
      String alt = generated;
      while (slotByCustomId.containsKey(alt)) {
        alt = alt + "x";
      }
      register(slot, alt);
    }
    data[slot] = encode(fields);
    version[slot] = 1;
    live++;
    indexEmail(slot);
    stamp(slot, changeSeq, now);
    return slot;
  }

  private void register(int slot, String id) {
    slotByCustomId.put(id, slot);
    customIdBySlot.put(slot, id);
  }

  /** Replaces every field of a record (reviving a deleted one). */
  void replace(int slot, Map<String, String> fields, long changeSeq, long now) {
    unindexEmail(slot);
    if (data[slot] == null) {
      live++;
    }
    data[slot] = encode(fields);
    version[slot]++;
    indexEmail(slot);
    stamp(slot, changeSeq, now);
  }

  /** Applies changes to a live record: a blank or null value clears the field. */
  void edit(int slot, Map<String, String> changes, long changeSeq, long now) {
    Map<String, String> merged = fields(slot);
    changes.forEach(
        (k, v) -> {
          if (v == null || v.isBlank()) {
            merged.remove(k);
          } else {
            merged.put(k, v);
          }
        });
    replace(slot, merged, changeSeq, now);
  }

  void delete(int slot, long changeSeq, long now) {
    unindexEmail(slot);
    data[slot] = null;
    version[slot]++;
    live--;
    stamp(slot, changeSeq, now);
  }

  private void stamp(int slot, long changeSeq, long now) {
    seq[slot] = changeSeq;
    modified[slot] = now;
    if (logSize == logSeq.length) {
      int n = logSeq.length * 2;
      logSeq = Arrays.copyOf(logSeq, n);
      logSlot = Arrays.copyOf(logSlot, n);
    }
    logSeq[logSize] = changeSeq;
    logSlot[logSize] = slot;
    logSize++;
  }

  // ------------------------------------------------------------ reads

  boolean isLive(int slot) {
    return slot >= 0 && slot < slots && data[slot] != null;
  }

  int slotCount() {
    return slots;
  }

  int version(int slot) {
    return version[slot];
  }

  /** The fields of a live record, in column order, as a fresh mutable map. */
  Map<String, String> fields(int slot) {
    String[] values = RecordCodec.decode(data[slot], columns.size());
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out.put(columns.get(i), values[i]);
      }
    }
    return out;
  }

  Record record(int slot) {
    return new Record(
        idOf(slot),
        fields(slot),
        Instant.ofEpochMilli(modified[slot]),
        Integer.toString(version[slot]));
  }

  /** The value of one field of a live record, or null. */
  String value(int slot, String field) {
    Integer col = columnIndex.get(field);
    return col == null ? null : RecordCodec.valueAt(data[slot], col);
  }

  /** The first log position whose sequence number is greater than {@code after}. */
  int logPositionAfter(long after) {
    int lo = 0;
    int hi = logSize;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (logSeq[mid] <= after) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  int logSize() {
    return logSize;
  }

  long logSeq(int position) {
    return logSeq[position];
  }

  int logSlot(int position) {
    return logSlot[position];
  }

  /** Whether a log entry is the latest change of its slot (older entries are superseded). */
  boolean isLatest(int position) {
    return seq[logSlot[position]] == logSeq[position];
  }

  // ------------------------------------------------------------ unique emails

  void enforceUniqueEmails(boolean on) {
    if (!on) {
      emailIndex = null;
      return;
    }
    emailIndex = new HashMap<>();
    for (int slot = 0; slot < slots; slot++) {
      indexEmail(slot);
    }
  }

  boolean uniqueEmails() {
    return emailIndex != null;
  }

  /** The live record holding an email (compared ignoring case), or -1. */
  int slotByEmail(String email) {
    if (email == null || email.isBlank()) {
      return -1;
    }
    if (emailIndex != null) {
      Integer slot = emailIndex.get(normalize(email));
      return slot == null ? -1 : slot;
    }
    String wanted = normalize(email);
    for (int slot = 0; slot < slots; slot++) {
      if (data[slot] != null) {
        String v = value(slot, EMAIL);
        if (v != null && normalize(v).equals(wanted)) {
          return slot;
        }
      }
    }
    return -1;
  }

  private void indexEmail(int slot) {
    if (emailIndex != null && data[slot] != null) {
      String v = value(slot, EMAIL);
      if (v != null) {
        emailIndex.putIfAbsent(normalize(v), slot);
      }
    }
  }

  private void unindexEmail(int slot) {
    if (emailIndex != null && data[slot] != null) {
      String v = value(slot, EMAIL);
      if (v != null) {
        emailIndex.remove(normalize(v), slot);
      }
    }
  }

  static String normalize(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  // ------------------------------------------------------------ storage

  private byte[] encode(Map<String, String> fields) {
    for (String name : fields.keySet()) {
      if (!columnIndex.containsKey(name)) {
        columnIndex.put(name, columns.size());
        columns.add(name);
      }
    }
    if (scratch.length < columns.size()) {
      scratch = new String[columns.size() * 2];
    }
    Arrays.fill(scratch, null);
    fields.forEach((k, v) -> scratch[columnIndex.get(k)] = v);
    return codec.encode(scratch, columns.size());
  }

  private void grow(int needed) {
    if (needed > data.length) {
      int n = Math.max(needed, data.length + (data.length >> 1));
      data = Arrays.copyOf(data, n);
      seq = Arrays.copyOf(seq, n);
      modified = Arrays.copyOf(modified, n);
      version = Arrays.copyOf(version, n);
    }
  }

  /** Pre-sizes the arrays for a bulk load. */
  void reserve(int more) {
    grow(slots + more);
    if (logSize + more > logSeq.length) {
      logSeq = Arrays.copyOf(logSeq, logSize + more);
      logSlot = Arrays.copyOf(logSlot, logSize + more);
    }
  }
}
