package dev.tandem.engine.sync;

import dev.tandem.core.model.Side;
import dev.tandem.engine.store.ActivityEntry;
import dev.tandem.engine.store.HealthEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.IndexEntry;
import dev.tandem.engine.store.Intent;
import dev.tandem.engine.store.Link;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.SyncKey;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store as the initial sync sees it: writes go to a thread of their own, which stores
 * them in transactions spanning many pages, while the syncing thread goes on reading, matching,
 * merging and calling the apps. On a large initial sync about half the syncing thread's time was
 * the store's writing; this takes it off that thread, and fewer, larger commits cost less in all.
 *
 * <p>What the syncing thread can rely on:
 *
 * <ul>
 *   <li>Writes are applied in the order they were made, each {@code inTransaction} block whole.
 *   <li>{@link #putIntents} returns once the intents are committed: a create is sent only after its
 *       intent is durable, as the crash-safety rule asks.
 *   <li>{@link #flush} returns once everything written before it is committed; reads made after it
 *       see it. Reads see committed data only, so the initial sync flushes where a read depends on
 *       its own earlier writes (between its phases). Within a phase, the pages a read could miss
 *       (the last few of the same phase) are covered by the matcher's own record of this run's
 *       matches.
 *   <li>A write that fails fails the next call of the syncing thread (with the store's message),
 *       and nothing after it is written; what was committed before stays, as with a page commit.
 *   <li>{@link #close} commits what is queued and stops the writer; the underlying store stays
 *       open. Called also when the run fails: what was queued are the results of writes the apps
 *       already accepted, which is exactly what a page commit keeps.
 * </ul>
 *
 * <p>A commit happens when the syncing thread waits for one, when the writer has nothing queued for
 * a moment, or after {@link #MAX_TASKS_PER_COMMIT} tasks or {@link #MAX_MILLIS_PER_COMMIT}: other
 * writers of the same store (the server, another connection's run) wait at most that long.
 */
final class WriteBehindStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(WriteBehindStore.class);

  /** Tasks (about a page each) held in memory for the writer before the syncing thread waits. */
  static final int MAX_QUEUED = 4;

  static final int MAX_TASKS_PER_COMMIT = 64;
  static final long MAX_MILLIS_PER_COMMIT = 1_000;

  /** How long the writer keeps a transaction open waiting for more work before it commits. */
  static final long IDLE_MILLIS = 20;

  private final StateStore store;
  private final Thread writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Task> queue = new ArrayDeque<>();
  private long submitted;
  private long applied;
  private long committed;
  private RuntimeException failure;
  private boolean failureReported;
  private boolean closing;
  private long waitedNanos;
  private long commits;

  /**
   * The writes made inside the syncing thread's current {@code inTransaction} block, prepared (JSON
   * encoded) on that thread and queued as one task when the block ends; null outside a block. Only
   * the syncing thread uses it.
   */
  private List<Runnable> collecting;

  private boolean collectedIntents;

  private record Task(long seq, Runnable work, boolean commit) {}

  WriteBehindStore(StateStore store, String name) {
    this.store = store;
    this.writer = new Thread(this::writeLoop, "tandem-store-writer " + name);
    writer.setDaemon(true);
    writer.start();
  }

  // ---- the syncing thread's side

  private boolean onWriter() {
    return Thread.currentThread() == writer;
  }

  /** Queues {@code work}; returns its sequence number. */
  private long submit(Runnable work, boolean commit) {
    lock.lock();
    try {
      long t0 = System.nanoTime();
      while (queue.size() >= MAX_QUEUED && failure == null) {
        changed.awaitUninterruptibly();
      }
      waitedNanos += System.nanoTime() - t0;
      throwFailure();
      if (closing) {
        throw new IllegalStateException("state store: written to after the run's writer stopped");
      }
      Task t = new Task(++submitted, work, commit);
      queue.add(t);
      changed.signalAll();
      return t.seq();
    } finally {
      lock.unlock();
    }
  }

  private void write(Runnable work) {
    if (onWriter()) {
      work.run();
    } else if (collecting != null) {
      collecting.add(work);
    } else {
      submit(work, false);
    }
  }

  /** Waits until task {@code seq} is applied, or committed when {@code durable}. */
  private void await(long seq, boolean durable) {
    lock.lock();
    try {
      long t0 = System.nanoTime();
      while ((durable ? committed : applied) < seq && failure == null) {
        changed.awaitUninterruptibly();
      }
      waitedNanos += System.nanoTime() - t0;
      throwFailure();
    } finally {
      lock.unlock();
    }
  }

  private void throwFailure() {
    if (failure != null) {
      failureReported = true;
      throw new IllegalStateException(failure.getMessage(), failure);
    }
  }

  /** The sequence number of the last task queued (0 before the first). */
  long submitted() {
    lock.lock();
    try {
      return submitted;
    } finally {
      lock.unlock();
    }
  }

  /** Whether task {@code seq} and every task before it are committed, so reads see them. */
  boolean committedThrough(long seq) {
    lock.lock();
    try {
      return committed >= seq;
    } finally {
      lock.unlock();
    }
  }

  /** Returns once everything written so far is committed. */
  void flush() {
    if (onWriter()) {
      return;
    }
    await(submit(() -> {}, true), true);
  }

  /**
   * Runs {@code work} on the calling thread, and its writes, prepared there, as one task on the
   * writer: the syncing thread does the encoding, the writer only the database work. The block must
   * not read what it writes (it reads committed data; the initial sync's blocks only write). A
   * block that throws writes nothing.
   */
  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (onWriter() || collecting != null) {
      return work.get();
    }
    List<Runnable> writes = new ArrayList<>();
    collecting = writes;
    collectedIntents = false;
    T result;
    try {
      result = work.get();
    } finally {
      collecting = null;
    }
    if (!writes.isEmpty()) {
      long seq = submit(() -> writes.forEach(Runnable::run), collectedIntents);
      if (collectedIntents) {
        await(seq, true);
      }
    }
    return result;
  }

  @Override
  public void inTransaction(Runnable work) {
    inTransaction(
        () -> {
          work.run();
          return null;
        });
  }

  @Override
  public void close() {
    if (onWriter()) {
      throw new IllegalStateException("the store's writer cannot stop itself");
    }
    try {
      lock.lock();
      try {
        if (failure == null && !closing) {
          Task t = new Task(++submitted, () -> {}, true);
          queue.add(t);
        }
        closing = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("state store: interrupted while committing the run's writes");
    }
    lock.lock();
    try {
      if (failure != null && !failureReported) {
        throwFailure();
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- the writer's side

  private Task next(long waitMillis) {
    lock.lock();
    try {
      long deadline = System.nanoTime() + waitMillis * 1_000_000;
      while (queue.isEmpty() && !closing) {
        long left = deadline - System.nanoTime();
        if (waitMillis >= 0 && left <= 0) {
          return null;
        }
        try {
          if (waitMillis < 0) {
            changed.await();
          } else {
            changed.awaitNanos(left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Task t = queue.poll();
      if (t != null) {
        changed.signalAll();
      }
      return t;
    } finally {
      lock.unlock();
    }
  }

  private void writeLoop() {
    while (true) {
      Task first = next(-1);
      if (first == null) {
        if (log.isDebugEnabled()) {
          log.debug(
              "{}: {} writes in {} commits; writer CPU {} ms; the syncing thread waited {} ms",
              writer.getName(),
              applied,
              commits,
              java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                  / 1_000_000,
              waitedNanos / 1_000_000);
        }
        return;
      }
      long[] last = {0};
      try {
        store.inTransaction(
            () -> {
              Task t = first;
              long start = System.nanoTime();
              for (int n = 1; ; n++) {
                t.work().run();
                last[0] = t.seq();
                markApplied(t.seq());
                if (t.commit()
                    || n >= MAX_TASKS_PER_COMMIT
                    || System.nanoTime() - start > MAX_MILLIS_PER_COMMIT * 1_000_000) {
                  return;
                }
                t = next(IDLE_MILLIS);
                if (t == null) {
                  return;
                }
              }
            });
      } catch (RuntimeException e) {
        log.warn("state store: a write failed; the run stops: {}", e.getMessage());
        lock.lock();
        try {
          failure = e;
          queue.clear();
          changed.signalAll();
        } finally {
          lock.unlock();
        }
        return;
      }
      lock.lock();
      try {
        commits++;
        committed = last[0];
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void markApplied(long seq) {
    lock.lock();
    try {
      applied = seq;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- writes: queued (collections copied or encoded now, since callers may reuse theirs)

  @Override
  public void putLinks(SyncKey key, Collection<Link> links) {
    write(store.prepareLinks(key, links));
  }

  @Override
  public void removeLinks(SyncKey key, Side side, Collection<String> ids) {
    List<String> copy = new ArrayList<>(ids);
    write(() -> store.removeLinks(key, side, copy));
  }

  @Override
  public void putIndex(SyncKey key, Side side, Collection<IndexEntry> entries) {
    write(store.prepareIndex(key, side, entries));
  }

  @Override
  public void removeIndex(SyncKey key, Side side, Collection<String> ids) {
    List<String> copy = new ArrayList<>(ids);
    write(() -> store.removeIndex(key, side, copy));
  }

  @Override
  public void clearIndex(SyncKey key) {
    write(() -> store.clearIndex(key));
  }

  @Override
  public void putCursor(SyncKey key, Side side, String cursor) {
    write(() -> store.putCursor(key, side, cursor));
  }

  /** Returns once the intents are committed (see the class comment). */
  @Override
  public void putIntents(SyncKey key, Collection<Intent> intents) {
    List<Intent> copy = List.copyOf(intents);
    if (onWriter()) {
      store.putIntents(key, copy);
      return;
    }
    if (collecting != null) {
      collecting.add(() -> store.putIntents(key, copy));
      collectedIntents = true;
      return;
    }
    await(submit(() -> store.putIntents(key, copy), true), true);
  }

  @Override
  public void removeIntents(SyncKey key, Side target, Collection<String> sourceIds) {
    List<String> copy = new ArrayList<>(sourceIds);
    write(() -> store.removeIntents(key, target, copy));
  }

  @Override
  public void putHealth(SyncKey key, Collection<HealthEntry> entries) {
    List<HealthEntry> copy = List.copyOf(entries);
    write(() -> store.putHealth(key, copy));
  }

  @Override
  public void removeHealth(SyncKey key, Side side, Collection<String> ids) {
    List<String> copy = new ArrayList<>(ids);
    write(() -> store.removeHealth(key, side, copy));
  }

  @Override
  public void addActivity(Collection<ActivityEntry> entries) {
    write(store.prepareActivity(entries));
  }

  // Not written by an initial sync; straight to the store once the writer is idle.

  @Override
  public void putPause(String connection, String reason, Instant until) {
    flush();
    store.putPause(connection, reason, until);
  }

  @Override
  public long startRun(RunRecord run) {
    flush();
    return store.startRun(run);
  }

  @Override
  public void finishRun(RunRecord run) {
    flush();
    store.finishRun(run);
  }

  // ---- reads: straight to the store (committed data; see the class comment)

  @Override
  public javax.sql.DataSource dataSource() {
    return store.dataSource();
  }

  @Override
  public boolean isPostgres() {
    return store.isPostgres();
  }

  @Override
  public Map<String, Link> links(SyncKey key, Side side, Collection<String> ids) {
    return store.links(key, side, ids);
  }

  @Override
  public List<Link> linkPage(SyncKey key, String afterAId, int limit) {
    return store.linkPage(key, afterAId, limit);
  }

  @Override
  public long countLinks(SyncKey key) {
    return store.countLinks(key);
  }

  @Override
  public Map<String, List<IndexEntry>> indexByMatchKey(
      SyncKey key, Side side, Collection<String> matchKeys) {
    return store.indexByMatchKey(key, side, matchKeys);
  }

  @Override
  public Map<String, List<String>> idsByMatchKey(
      SyncKey key, Side side, Collection<String> matchKeys) {
    return store.idsByMatchKey(key, side, matchKeys);
  }

  @Override
  public Map<String, IndexEntry> indexById(SyncKey key, Side side, Collection<String> ids) {
    return store.indexById(key, side, ids);
  }

  @Override
  public List<IndexEntry> unlinkedPage(SyncKey key, Side side, String afterId, int limit) {
    return store.unlinkedPage(key, side, afterId, limit);
  }

  @Override
  public Optional<String> cursor(SyncKey key, Side side) {
    return store.cursor(key, side);
  }

  @Override
  public List<Intent> intents(SyncKey key) {
    return store.intents(key);
  }

  @Override
  public Optional<HealthEntry> health(SyncKey key, Side side, String id) {
    return store.health(key, side, id);
  }

  @Override
  public List<HealthEntry> healthPage(SyncKey key, HealthState state, int offset, int limit) {
    return store.healthPage(key, state, offset, limit);
  }

  @Override
  public Map<HealthState, Long> healthCounts(SyncKey key) {
    return store.healthCounts(key);
  }

  @Override
  public List<HealthEntry> dueRetries(SyncKey key, Instant now) {
    return store.dueRetries(key, now);
  }

  @Override
  public List<ActivityEntry> activity(String connection, int offset, int limit) {
    return store.activity(connection, offset, limit);
  }

  @Override
  public List<RunRecord> runs(String connection, int limit) {
    return store.runs(connection, limit);
  }

  @Override
  public List<RunRecord> runPage(String connection, int offset, int limit) {
    return store.runPage(connection, offset, limit);
  }

  @Override
  public Optional<Pause> pause(String connection) {
    return store.pause(connection);
  }

  @Override
  public long sizeBytes() {
    return store.sizeBytes();
  }
}
