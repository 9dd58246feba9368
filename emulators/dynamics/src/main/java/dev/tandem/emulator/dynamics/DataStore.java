package dev.tandem.emulator.dynamics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The emulator's in-memory org: the rows of every entity set, their version index for change
 * tracking, and the tombstones of deleted rows.
 *
 * <p>Thread-safety: one read-write lock guards everything. A change set runs inside {@link
 * #atomically}, which holds the write lock for its whole duration and undoes every write of the
 * change set when it fails, so a change set is atomic and isolated as in Dataverse.
 */
final class DataStore {
  /** A deleted row, remembered for change tracking. */
  record Tombstone(String id, long version) {}

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicLong versions = new AtomicLong(1_000_000);
  private final Map<String, TreeMap<String, Row>> rows = new HashMap<>();
  private final Map<String, TreeMap<Long, String>> byVersion = new HashMap<>();
  private final Map<String, TreeMap<Long, Tombstone>> tombstones = new HashMap<>();

  /** The undo log of the running change set on this thread, or null outside one. */
  private final ThreadLocal<Deque<Runnable>> undo = new ThreadLocal<>();

  DataStore(Iterable<String> sets) {
    for (String s : sets) {
      rows.put(s, new TreeMap<>());
      byVersion.put(s, new TreeMap<>());
      tombstones.put(s, new TreeMap<>());
    }
  }

  long nextVersion() {
    return versions.incrementAndGet();
  }

  /** The highest version handed out so far. */
  long currentVersion() {
    return versions.get();
  }

  Row get(String set, String id) {
    return read(() -> rows.get(set).get(id));
  }

  int count(String set) {
    return read(() -> rows.get(set).size());
  }

  /** A snapshot of the rows with ids after {@code afterId} (all when null), in id order. */
  List<Row> rowsAfter(String set, String afterId) {
    return read(
        () -> {
          NavigableMap<String, Row> m = rows.get(set);
          return new ArrayList<>(afterId == null ? m.values() : m.tailMap(afterId, false).values());
        });
  }

  /** Rows whose version is in (after, upTo], in version order, at most {@code limit}. */
  List<Row> rowsChanged(String set, long after, long upTo, int limit) {
    return read(
        () -> {
          List<Row> out = new ArrayList<>();
          for (String id : byVersion.get(set).subMap(after, false, upTo, true).values()) {
            out.add(rows.get(set).get(id));
            if (out.size() >= limit) {
              break;
            }
          }
          return out;
        });
  }

  /**
   * Deletions with a version in (after, upTo], in version order, leaving out ids that exist again.
   */
  List<Tombstone> deletions(String set, long after, long upTo, int limit) {
    return read(
        () -> {
          List<Tombstone> out = new ArrayList<>();
          for (Tombstone t : tombstones.get(set).subMap(after, false, upTo, true).values()) {
            if (!rows.get(set).containsKey(t.id())) {
              out.add(t);
              if (out.size() >= limit) {
                break;
              }
            }
          }
          return out;
        });
  }

  /** Stores a row (a create or a full replacement), indexed by its version. */
  void put(String set, Row row) {
    write(
        () -> {
          Row previous = rows.get(set).put(row.id(), row);
          if (previous != null) {
            byVersion.get(set).remove(previous.version());
          }
          byVersion.get(set).put(row.version(), row.id());
          logUndo(
              () -> {
                byVersion.get(set).remove(row.version());
                if (previous == null) {
                  rows.get(set).remove(row.id());
                } else {
                  rows.get(set).put(row.id(), previous);
                  byVersion.get(set).put(previous.version(), previous.id());
                }
              });
          return null;
        });
  }

  /** Removes a row and leaves a tombstone for change tracking; false when it did not exist. */
  boolean delete(String set, String id) {
    return write(
        () -> {
          Row previous = rows.get(set).remove(id);
          if (previous == null) {
            return false;
          }
          byVersion.get(set).remove(previous.version());
          long v = nextVersion();
          tombstones.get(set).put(v, new Tombstone(id, v));
          logUndo(
              () -> {
                tombstones.get(set).remove(v);
                rows.get(set).put(id, previous);
                byVersion.get(set).put(previous.version(), id);
              });
          return true;
        });
  }

  /** Removes every row and tombstone (the {@code /_emulator/reset} control). */
  void clear() {
    write(
        () -> {
          rows.values().forEach(Map::clear);
          byVersion.values().forEach(Map::clear);
          tombstones.values().forEach(Map::clear);
          return null;
        });
  }

  /**
   * Runs a change set: every write inside happens under one write lock, and when {@code body}
   * throws, every write it made is undone before the exception propagates.
   */
  <T> T atomically(Supplier<T> body) {
    lock.writeLock().lock();
    Deque<Runnable> log = new ArrayDeque<>();
    undo.set(log);
    try {
      return body.get();
    } catch (RuntimeException e) {
      while (!log.isEmpty()) {
        log.pop().run();
      }
      throw e;
    } finally {
      undo.remove();
      lock.writeLock().unlock();
    }
  }

  /** Runs {@code body} with the write lock held (a single write that reads first). */
  <T> T exclusively(Supplier<T> body) {
    return write(body);
  }

  private void logUndo(Runnable r) {
    Deque<Runnable> log = undo.get();
    if (log != null) {
      log.push(r);
    }
  }

  private <T> T read(Supplier<T> s) {
    lock.readLock().lock();
    try {
      return s.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> s) {
    lock.writeLock().lock();
    try {
      return s.get();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
