package dev.tandem.engine.store;

import dev.tandem.core.model.Side;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything Tandem remembers between runs. The JDBC implementation serves SQLite and PostgreSQL
 * with one set of SQL.
 *
 * <p>Transactions: {@link #inTransaction} runs work in one database transaction bound to the
 * calling thread; every method called inside it on the same thread joins it. Outside, each call
 * commits on its own. The engine commits links, snapshots, health and cursors for a page in one
 * transaction after the page's writes succeeded.
 *
 * <p>Bulk methods take and return collections so that a page of 1,000 records costs a handful of
 * statements, not thousands.
 */
public interface StateStore extends AutoCloseable {

  /**
   * The pooled connections behind the store, for tables the engine does not own (the server's users
   * and workspaces, the scheduler's tasks). Do not close it; {@link #close()} does.
   */
  javax.sql.DataSource dataSource();

  /** Whether the store is PostgreSQL (else SQLite): the only place their SQL may differ. */
  boolean isPostgres();

  <T> T inTransaction(Supplier<T> work);

  default void inTransaction(Runnable work) {
    inTransaction(
        () -> {
          work.run();
          return null;
        });
  }

  // ---- writes in two steps

  /*
   * The three writes an initial sync makes millions of can be split: prepare does the CPU work (JSON
   * encoding) on the calling thread and returns the part that touches the database, which the
   * store's writer runs later in its transaction (see the initial sync's write-behind). Running the
   * returned work does exactly what the plain method does. These defaults do all the work later.
   */

  /** {@link #putLinks} in two steps; the returned work runs in a transaction. */
  default Runnable prepareLinks(SyncKey key, Collection<Link> links) {
    return () -> putLinks(key, links);
  }

  /** {@link #putIndex} in two steps; the returned work runs in a transaction. */
  default Runnable prepareIndex(SyncKey key, Side side, Collection<IndexEntry> entries) {
    return () -> putIndex(key, side, entries);
  }

  /** {@link #addActivity} in two steps; the returned work runs in a transaction. */
  default Runnable prepareActivity(Collection<ActivityEntry> entries) {
    return () -> addActivity(entries);
  }

  // ---- links

  /** The links whose id on {@code side} is one of {@code ids}, keyed by that id. */
  Map<String, Link> links(SyncKey key, Side side, Collection<String> ids);

  /** Inserts or replaces links (a link is identified by its A id; its B id is unique too). */
  void putLinks(SyncKey key, Collection<Link> links);

  /** Removes the links whose id on {@code side} is one of {@code ids}. */
  void removeLinks(SyncKey key, Side side, Collection<String> ids);

  /** Links in A-id order after {@code afterAId} (null: from the start), at most {@code limit}. */
  List<Link> linkPage(SyncKey key, String afterAId, int limit);

  long countLinks(SyncKey key);

  // ---- index of records seen on each side

  /** Inserts or replaces index entries of one side. */
  void putIndex(SyncKey key, Side side, Collection<IndexEntry> entries);

  /** The entries of one side whose match key is one of {@code matchKeys}, keyed by match key. */
  Map<String, List<IndexEntry>> indexByMatchKey(
      SyncKey key, Side side, Collection<String> matchKeys);

  /**
   * The ids of one side's entries whose match key is one of {@code matchKeys}, keyed by match key:
   * {@link #indexByMatchKey} without reading the records, for when only who shares a key counts.
   */
  Map<String, List<String>> idsByMatchKey(SyncKey key, Side side, Collection<String> matchKeys);

  /** The entries of one side with the given ids, keyed by id. */
  Map<String, IndexEntry> indexById(SyncKey key, Side side, Collection<String> ids);

  void removeIndex(SyncKey key, Side side, Collection<String> ids);

  /**
   * Entries of one side that no link refers to, in id order after {@code afterId} (null: from the
   * start), at most {@code limit}.
   */
  List<IndexEntry> unlinkedPage(SyncKey key, Side side, String afterId, int limit);

  /** Forgets the index, links, cursors, intents and health of a sync key (a full resync). */
  void clearIndex(SyncKey key);

  // ---- cursors

  Optional<String> cursor(SyncKey key, Side side);

  void putCursor(SyncKey key, Side side, String cursor);

  // ---- create intents

  void putIntents(SyncKey key, Collection<Intent> intents);

  void removeIntents(SyncKey key, Side target, Collection<String> sourceIds);

  List<Intent> intents(SyncKey key);

  // ---- health

  /** Inserts or replaces health entries. */
  void putHealth(SyncKey key, Collection<HealthEntry> entries);

  /** Removes the entries of records that are now synced (or gone). */
  void removeHealth(SyncKey key, Side side, Collection<String> ids);

  Optional<HealthEntry> health(SyncKey key, Side side, String id);

  /** Entries in a state (null: every state), newest first, paged. */
  List<HealthEntry> healthPage(SyncKey key, HealthState state, int offset, int limit);

  /** Entry count per state; {@code synced} is the number of links. */
  Map<HealthState, Long> healthCounts(SyncKey key);

  /** Failing entries whose next attempt is due. */
  List<HealthEntry> dueRetries(SyncKey key, Instant now);

  // ---- activity

  void addActivity(Collection<ActivityEntry> entries);

  /** Newest first, paged. */
  List<ActivityEntry> activity(String connection, int offset, int limit);

  // ---- runs

  /** Stores a new run and returns its id (the id field of {@code run} is ignored). */
  long startRun(RunRecord run);

  void finishRun(RunRecord run);

  /** Newest first. */
  List<RunRecord> runs(String connection, int limit);

  /** Newest first, paged (the server's run history). */
  default List<RunRecord> runPage(String connection, int offset, int limit) {
    List<RunRecord> all = runs(connection, offset + limit);
    return all.subList(Math.min(offset, all.size()), all.size());
  }

  // ---- connection state (pause for approval, daily quota)

  /**
   * Marks a connection paused (or, with a null reason, resumed).
   *
   * @param until when the pause ends by itself (daily quota reset), or null
   */
  void putPause(String connection, String reason, Instant until);

  Optional<Pause> pause(String connection);

  /** Why a connection is paused and until when. */
  record Pause(String reason, Instant until) {}

  /** Bytes used by the store (the database file, or the database's size), for reports. */
  long sizeBytes();

  @Override
  void close();
}
