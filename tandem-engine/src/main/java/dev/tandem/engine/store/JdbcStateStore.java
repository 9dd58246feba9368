package dev.tandem.engine.store;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The state store over JDBC (JDBI): one set of SQL for SQLite and PostgreSQL. Create it through
 * {@link StateStores}.
 *
 * <p>A transaction's handle is bound to the thread that opened it, so that every store call that
 * thread makes inside {@link #inTransaction} joins it (and, with SQLite's single pooled connection,
 * does not wait for a second connection that cannot come). Writes outside a transaction open a
 * short transaction of their own, so that a bulk write is atomic and costs one commit.
 *
 * <p>The methods a sync calls for every page (links, index entries, intents, health, activity) run
 * plain JDBC statements, prepared once per connection ({@link Statements}), on the transaction's
 * connection: JDBI's parsing and binding cost a quarter of a large sync's CPU. The rest uses JDBI.
 */
public final class JdbcStateStore implements StateStore {
  /** The most ids per {@code IN (…)} list: well under every driver's bind-parameter limit. */
  static final int CHUNK = 500;

  private final Jdbi jdbi;
  private final AutoCloseable pool;
  private final Path sqliteFile;

  /**
   * SQLite's planner, without statistics, prefers the primary key's (sync_key, side) prefix to the
   * match-key index and then reads every entry of a side for each lookup: quadratic in the initial
   * sync. This hint (SQLite only; PostgreSQL plans from its own statistics) pins the index.
   */
  private static final String MATCH_KEY_INDEX = " INDEXED BY index_entries_by_match_key";

  /**
   * The same for links looked up by B id: given a long {@code b_id IN (…)} list, SQLite prefers the
   * primary key's sync_key prefix and reads every link of the sync key for each query (40 ms per
   * 500 ids at 150,000 links; quadratic over an echo read-back of a million records).
   */
  private static final String LINKS_BY_B_INDEX = " INDEXED BY links_by_b";

  private final ThreadLocal<Handle> bound = new ThreadLocal<>();
  private final Statements statements = new Statements();

  /**
   * @param jdbi over the pooled data source
   * @param pool closed by {@link #close()}
   * @param sqliteFile the database file for SQLite (its size is measured on disk), null for
   *     PostgreSQL
   */
  JdbcStateStore(Jdbi jdbi, AutoCloseable pool, Path sqliteFile) {
    this.jdbi = jdbi;
    this.pool = pool;
    this.sqliteFile = sqliteFile;
  }

  @Override
  public javax.sql.DataSource dataSource() {
    return (javax.sql.DataSource) pool;
  }

  @Override
  public boolean isPostgres() {
    return sqliteFile == null;
  }

  // ---- transactions

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (bound.get() != null) {
      return work.get();
    }
    return jdbi.inTransaction(
        h -> {
          bound.set(h);
          try {
            return work.get();
          } finally {
            bound.remove();
          }
        });
  }

  private <T> T read(HandleCallback<T, RuntimeException> work) {
    Handle h = bound.get();
    return h != null ? work.withHandle(h) : jdbi.withHandle(work);
  }

  private <T> T write(Function<Handle, T> work) {
    return inTransaction(() -> work.apply(bound.get()));
  }

  // ---- links

  private static final String LINK_COLUMNS =
      "a_id, b_id, snapshot, a_version, b_version, synced_at";

  private static final String UPSERT_LINK =
      "INSERT INTO links (sync_key, "
          + LINK_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sync_key, a_id) DO UPDATE SET"
          + " b_id = excluded.b_id, snapshot = excluded.snapshot, a_version ="
          + " excluded.a_version, b_version = excluded.b_version, synced_at ="
          + " excluded.synced_at";

  @Override
  public Map<String, Link> links(SyncKey key, Side side, Collection<String> ids) {
    List<List<String>> chunks = chunks(ids);
    Map<String, Link> out = new HashMap<>();
    if (chunks.isEmpty()) {
      return out;
    }
    String prefix =
        "SELECT "
            + LINK_COLUMNS
            + " FROM links"
            + (side == Side.B ? linksByB() : "")
            + " WHERE sync_key = ? AND "
            + idColumn(side)
            + " IN ";
    return sql(
        "read links",
        c -> {
          for (List<String> chunk : chunks) {
            PreparedStatement ps =
                statements.get(c, prefix + Statements.placeholders(chunk.size()));
            ps.setString(1, key.toString());
            Statements.bindList(ps, 2, chunk);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Link l = link(rs);
                out.put(side == Side.A ? l.aId() : l.bId(), l);
              }
            }
          }
          return out;
        });
  }

  @Override
  public void putLinks(SyncKey key, Collection<Link> links) {
    prepareLinks(key, links).run();
  }

  @Override
  public Runnable prepareLinks(SyncKey key, Collection<Link> links) {
    if (links.isEmpty()) {
      return () -> {};
    }
    // One link per A id and per B id (the last wins), as the table's two unique keys require.
    Map<String, Link> byB = new LinkedHashMap<>();
    links.forEach(l -> byB.put(l.bId(), l));
    Map<String, Link> byA = new LinkedHashMap<>();
    byB.values().forEach(l -> byA.put(l.aId(), l));
    byB.values().removeIf(l -> byA.get(l.aId()) != l);
    List<Link> rows = new ArrayList<>(byA.values());
    String[] snapshots = new String[rows.size()];
    for (int i = 0; i < snapshots.length; i++) {
      snapshots[i] = StoreJson.stringMap(rows.get(i).snapshot());
    }
    String k = key.toString();
    return () ->
        sqlWrite(
            "store links",
            c -> {
              // A B id is unique too: a B record re-linked to another A record drops its old link.
              // On SQLite, where a failed statement leaves the transaction usable, the upserts are
              // tried first and the old links looked for only when the B ids' unique key objects:
              // new links (every link of an initial sync) cost no lookup.
              if (sqliteFile != null) {
                try {
                  upsertLinks(c, k, rows, snapshots);
                  return null;
                } catch (SQLException e) {
                  if (!e.getMessage().contains("UNIQUE")) {
                    throw e;
                  }
                }
              }
              List<String> stale = new ArrayList<>();
              for (List<String> chunk : chunks(byB.keySet())) {
                PreparedStatement ps =
                    statements.get(
                        c,
                        "SELECT a_id, b_id FROM links"
                            + linksByB()
                            + " WHERE sync_key = ? AND b_id IN "
                            + Statements.placeholders(chunk.size()));
                ps.setString(1, k);
                Statements.bindList(ps, 2, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    String aId = rs.getString(1);
                    if (!byB.get(rs.getString(2)).aId().equals(aId)) {
                      stale.add(aId);
                    }
                  }
                }
              }
              deleteIn(c, "DELETE FROM links WHERE sync_key = ? AND a_id", k, null, stale);
              upsertLinks(c, k, rows, snapshots);
              return null;
            });
  }

  private void upsertLinks(Connection c, String k, List<Link> rows, String[] snapshots)
      throws SQLException {
    PreparedStatement upsert = batch(c, UPSERT_LINK);
    for (int i = 0; i < snapshots.length; i++) {
      Link l = rows.get(i);
      upsert.setString(1, k);
      upsert.setString(2, l.aId());
      upsert.setString(3, l.bId());
      upsert.setString(4, snapshots[i]);
      upsert.setString(5, l.aVersion());
      upsert.setString(6, l.bVersion());
      setLong(upsert, 7, millis(l.syncedAt()));
      upsert.addBatch();
    }
    upsert.executeBatch();
  }

  @Override
  public void removeLinks(SyncKey key, Side side, Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    sqlWrite(
        "remove links",
        c ->
            deleteIn(
                c,
                "DELETE FROM links WHERE sync_key = ? AND " + idColumn(side),
                key.toString(),
                null,
                ids));
  }

  @Override
  public List<Link> linkPage(SyncKey key, String afterAId, int limit) {
    return sql(
        "read links",
        c -> {
          PreparedStatement ps =
              statements.get(
                  c,
                  "SELECT "
                      + LINK_COLUMNS
                      + " FROM links WHERE sync_key = ?"
                      + (afterAId == null ? "" : " AND a_id > ?")
                      + " ORDER BY a_id LIMIT ?");
          int i = 1;
          ps.setString(i++, key.toString());
          if (afterAId != null) {
            ps.setString(i++, afterAId);
          }
          ps.setInt(i, limit);
          List<Link> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(link(rs));
            }
          }
          return out;
        });
  }

  @Override
  public long countLinks(SyncKey key) {
    return read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM links WHERE sync_key = :k")
                .bind("k", key.toString())
                .mapTo(Long.class)
                .one());
  }

  private static Link link(ResultSet rs) throws SQLException {
    return new Link(
        rs.getString(1),
        rs.getString(2),
        StoreJson.stringMap(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        instant(rs, 6));
  }

  // ---- index

  private static final String UPSERT_INDEX =
      "INSERT INTO index_entries (sync_key, side, id, match_key, record) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (sync_key, side, id) DO UPDATE SET match_key = excluded.match_key,"
          + " record = excluded.record";

  @Override
  public void putIndex(SyncKey key, Side side, Collection<IndexEntry> entries) {
    prepareIndex(key, side, entries).run();
  }

  @Override
  public Runnable prepareIndex(SyncKey key, Side side, Collection<IndexEntry> entries) {
    if (entries.isEmpty()) {
      return () -> {};
    }
    Map<String, IndexEntry> byId = new LinkedHashMap<>();
    entries.forEach(e -> byId.put(e.id(), e));
    List<IndexEntry> rows = new ArrayList<>(byId.values());
    String[] records = new String[rows.size()];
    for (int i = 0; i < records.length; i++) {
      records[i] = StoreJson.record(rows.get(i).record());
    }
    String k = key.toString();
    return () ->
        sqlWrite(
            "store index entries",
            c -> {
              PreparedStatement upsert = batch(c, UPSERT_INDEX);
              for (int i = 0; i < records.length; i++) {
                IndexEntry e = rows.get(i);
                upsert.setString(1, k);
                upsert.setString(2, side.name());
                upsert.setString(3, e.id());
                upsert.setString(4, e.matchKey());
                upsert.setString(5, records[i]);
                upsert.addBatch();
              }
              upsert.executeBatch();
              return null;
            });
  }

  @Override
  public Map<String, List<IndexEntry>> indexByMatchKey(
      SyncKey key, Side side, Collection<String> matchKeys) {
    Map<String, List<IndexEntry>> out = new HashMap<>();
    indexQuery(key, side, "match_key", matchKeys)
        .forEach(e -> out.computeIfAbsent(e.matchKey(), m -> new ArrayList<>()).add(e));
    return out;
  }

  @Override
  public Map<String, List<String>> idsByMatchKey(
      SyncKey key, Side side, Collection<String> matchKeys) {
    Map<String, List<String>> out = new HashMap<>();
    List<List<String>> chunks = chunks(matchKeys);
    if (chunks.isEmpty()) {
      return out;
    }
    String prefix =
        "SELECT id, match_key FROM index_entries"
            + (sqliteFile != null ? MATCH_KEY_INDEX : "")
            + " WHERE sync_key = ? AND side = ? AND match_key IN ";
    return sql(
        "read index entries",
        c -> {
          for (List<String> chunk : chunks) {
            PreparedStatement ps =
                statements.get(c, prefix + Statements.placeholders(chunk.size()));
            ps.setString(1, key.toString());
            ps.setString(2, side.name());
            Statements.bindList(ps, 3, chunk);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.computeIfAbsent(rs.getString(2), m -> new ArrayList<>()).add(rs.getString(1));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Map<String, IndexEntry> indexById(SyncKey key, Side side, Collection<String> ids) {
    Map<String, IndexEntry> out = new HashMap<>();
    indexQuery(key, side, "id", ids).forEach(e -> out.put(e.id(), e));
    return out;
  }

  private List<IndexEntry> indexQuery(
      SyncKey key, Side side, String column, Collection<String> values) {
    List<List<String>> chunks = chunks(values);
    List<IndexEntry> out = new ArrayList<>();
    if (chunks.isEmpty()) {
      return out;
    }
    String prefix =
        "SELECT id, match_key, record FROM index_entries"
            + (sqliteFile != null && column.equals("match_key") ? MATCH_KEY_INDEX : "")
            + " WHERE sync_key = ? AND side = ? AND "
            + column
            + " IN ";
    return sql(
        "read index entries",
        c -> {
          for (List<String> chunk : chunks) {
            PreparedStatement ps =
                statements.get(c, prefix + Statements.placeholders(chunk.size()));
            ps.setString(1, key.toString());
            ps.setString(2, side.name());
            Statements.bindList(ps, 3, chunk);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(indexEntry(rs));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void removeIndex(SyncKey key, Side side, Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    sqlWrite(
        "remove index entries",
        c ->
            deleteIn(
                c,
                "DELETE FROM index_entries WHERE sync_key = ? AND side = ? AND id",
                key.toString(),
                side,
                ids));
  }

  @Override
  public List<IndexEntry> unlinkedPage(SyncKey key, Side side, String afterId, int limit) {
    return sql(
        "read index entries",
        c -> {
          PreparedStatement ps =
              statements.get(
                  c,
                  "SELECT i.id, i.match_key, i.record FROM index_entries i WHERE i.sync_key = ?"
                      + " AND i.side = ?"
                      + (afterId == null ? "" : " AND i.id > ?")
                      + " AND NOT EXISTS (SELECT 1 FROM links l WHERE l.sync_key = i.sync_key"
                      + " AND l."
                      + idColumn(side)
                      + " = i.id) ORDER BY i.id LIMIT ?");
          int i = 1;
          ps.setString(i++, key.toString());
          ps.setString(i++, side.name());
          if (afterId != null) {
            ps.setString(i++, afterId);
          }
          ps.setInt(i, limit);
          List<IndexEntry> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(indexEntry(rs));
            }
          }
          return out;
        });
  }

  @Override
  public void clearIndex(SyncKey key) {
    write(
        h -> {
          for (String table : List.of("index_entries", "links", "cursors", "intents", "health")) {
            h.createUpdate("DELETE FROM " + table + " WHERE sync_key = :k")
                .bind("k", key.toString())
                .execute();
          }
          return null;
        });
  }

  private static IndexEntry indexEntry(ResultSet rs) throws SQLException {
    return new IndexEntry(rs.getString(1), rs.getString(2), StoreJson.record(rs.getString(3)));
  }

  // ---- cursors

  @Override
  public Optional<String> cursor(SyncKey key, Side side) {
    return read(
        h ->
            h.createQuery("SELECT cursor_value FROM cursors WHERE sync_key = :k AND side = :side")
                .bind("k", key.toString())
                .bind("side", side.name())
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public void putCursor(SyncKey key, Side side, String cursor) {
    write(
        h ->
            h.createUpdate(
                    "INSERT INTO cursors (sync_key, side, cursor_value, updated_at) VALUES (:k,"
                        + " :side, :cursor, :now) ON CONFLICT (sync_key, side) DO UPDATE SET"
                        + " cursor_value = excluded.cursor_value, updated_at ="
                        + " excluded.updated_at")
                .bind("k", key.toString())
                .bind("side", side.name())
                .bind("cursor", cursor)
                .bind("now", System.currentTimeMillis())
                .execute());
  }

  // ---- intents

  @Override
  public void putIntents(SyncKey key, Collection<Intent> intents) {
    if (intents.isEmpty()) {
      return;
    }
    Map<String, Intent> unique = new LinkedHashMap<>();
    intents.forEach(i -> unique.put(i.target().name() + "\u0000" + i.sourceId(), i));
    String k = key.toString();
    sqlWrite(
        "store create intents",
        c -> {
          PreparedStatement upsert =
              batch(
                  c,
                  "INSERT INTO intents (sync_key, target, source_id, match_key, created_at) VALUES"
                      + " (?, ?, ?, ?, ?) ON CONFLICT (sync_key, target, source_id) DO UPDATE SET"
                      + " match_key = excluded.match_key, created_at = excluded.created_at");
          long now = System.currentTimeMillis();
          for (Intent i : unique.values()) {
            upsert.setString(1, k);
            upsert.setString(2, i.target().name());
            upsert.setString(3, i.sourceId());
            upsert.setString(4, i.matchKey());
            upsert.setLong(5, i.createdAt() == null ? now : i.createdAt().toEpochMilli());
            upsert.addBatch();
          }
          upsert.executeBatch();
          return null;
        });
  }

  @Override
  public void removeIntents(SyncKey key, Side target, Collection<String> sourceIds) {
    if (sourceIds.isEmpty()) {
      return;
    }
    sqlWrite(
        "remove create intents",
        c ->
            deleteIn(
                c,
                "DELETE FROM intents WHERE sync_key = ? AND target = ? AND source_id",
                key.toString(),
                target,
                sourceIds));
  }

  @Override
  public List<Intent> intents(SyncKey key) {
    return read(
        h ->
            h.createQuery(
                    "SELECT target, source_id, match_key, created_at FROM intents WHERE sync_key ="
                        + " :k ORDER BY created_at, target, source_id")
                .bind("k", key.toString())
                .map(
                    (rs, ctx) ->
                        new Intent(
                            Side.valueOf(rs.getString(1)),
                            rs.getString(2),
                            rs.getString(3),
                            instant(rs, 4)))
                .list());
  }

  // ---- health

  private static final String HEALTH_COLUMNS =
      "side, id, state, reason, attempts, next_attempt, updated_at";

  @Override
  public void putHealth(SyncKey key, Collection<HealthEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    Map<String, HealthEntry> unique = new LinkedHashMap<>();
    entries.forEach(e -> unique.put(e.side().name() + "\u0000" + e.id(), e));
    String k = key.toString();
    sqlWrite(
        "store health",
        c -> {
          PreparedStatement upsert =
              batch(
                  c,
                  "INSERT INTO health (sync_key, "
                      + HEALTH_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sync_key, side, id) DO"
                      + " UPDATE SET state = excluded.state, reason = excluded.reason, attempts ="
                      + " excluded.attempts, next_attempt = excluded.next_attempt, updated_at ="
                      + " excluded.updated_at");
          long now = System.currentTimeMillis();
          for (HealthEntry e : unique.values()) {
            upsert.setString(1, k);
            upsert.setString(2, e.side().name());
            upsert.setString(3, e.id());
            upsert.setString(4, e.state().id());
            upsert.setString(5, e.reason());
            upsert.setInt(6, e.attempts());
            setLong(upsert, 7, millis(e.nextAttempt()));
            upsert.setLong(8, e.updatedAt() == null ? now : e.updatedAt().toEpochMilli());
            upsert.addBatch();
          }
          upsert.executeBatch();
          return null;
        });
  }

  @Override
  public void removeHealth(SyncKey key, Side side, Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    String k = key.toString();
    sqlWrite(
        "remove health",
        c -> {
          // Most records of a large sync never had an entry: one look saves a delete per record.
          PreparedStatement any =
              statements.get(c, "SELECT 1 FROM health WHERE sync_key = ? AND side = ? LIMIT 1");
          any.setString(1, k);
          any.setString(2, side.name());
          try (ResultSet rs = any.executeQuery()) {
            if (!rs.next()) {
              return null;
            }
          }
          return deleteIn(
              c, "DELETE FROM health WHERE sync_key = ? AND side = ? AND id", k, side, ids);
        });
  }

  @Override
  public Optional<HealthEntry> health(SyncKey key, Side side, String id) {
    return read(
        h ->
            h.createQuery(
                    "SELECT "
                        + HEALTH_COLUMNS
                        + " FROM health WHERE sync_key = :k AND side = :side AND id = :id")
                .bind("k", key.toString())
                .bind("side", side.name())
                .bind("id", id)
                .map((rs, ctx) -> healthEntry(rs))
                .findOne());
  }

  @Override
  public List<HealthEntry> healthPage(SyncKey key, HealthState state, int offset, int limit) {
    return read(
        h -> {
          Query q =
              h.createQuery(
                      "SELECT "
                          + HEALTH_COLUMNS
                          + " FROM health WHERE sync_key = :k"
                          + (state == null ? "" : " AND state = :state")
                          + " ORDER BY updated_at DESC, side, id LIMIT :limit OFFSET :offset")
                  .bind("k", key.toString())
                  .bind("limit", limit)
                  .bind("offset", offset);
          if (state != null) {
            q.bind("state", state.id());
          }
          return q.map((rs, ctx) -> healthEntry(rs)).list();
        });
  }

  @Override
  public Map<HealthState, Long> healthCounts(SyncKey key) {
    return read(
        h -> {
          Map<HealthState, Long> counts = new EnumMap<>(HealthState.class);
          for (HealthState s : HealthState.values()) {
            counts.put(s, 0L);
          }
          h.createQuery("SELECT state, COUNT(*) FROM health WHERE sync_key = :k GROUP BY state")
              .bind("k", key.toString())
              .map((rs, ctx) -> Map.entry(state(rs.getString(1)), rs.getLong(2)))
              .forEach(e -> counts.merge(e.getKey(), e.getValue(), Long::sum));
          // Counted on this handle: a second one would wait forever for SQLite's only connection.
          counts.put(
              HealthState.SYNCED,
              h.createQuery("SELECT COUNT(*) FROM links WHERE sync_key = :k")
                  .bind("k", key.toString())
                  .mapTo(Long.class)
                  .one());
          return counts;
        });
  }

  @Override
  public List<HealthEntry> dueRetries(SyncKey key, Instant now) {
    return read(
        h ->
            h.createQuery(
                    "SELECT "
                        + HEALTH_COLUMNS
                        + " FROM health WHERE sync_key = :k AND state = :state AND next_attempt IS"
                        + " NOT NULL AND next_attempt <= :now ORDER BY next_attempt, side, id")
                .bind("k", key.toString())
                .bind("state", HealthState.FAILING.id())
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> healthEntry(rs))
                .list());
  }

  private static HealthEntry healthEntry(ResultSet rs) throws SQLException {
    return new HealthEntry(
        Side.valueOf(rs.getString(1)),
        rs.getString(2),
        state(rs.getString(3)),
        rs.getString(4),
        rs.getInt(5),
        instant(rs, 6),
        instant(rs, 7));
  }

  private static HealthState state(String id) {
    return HealthState.valueOf(id.toUpperCase(java.util.Locale.ROOT));
  }

  // ---- activity

  @Override
  public void addActivity(Collection<ActivityEntry> entries) {
    prepareActivity(entries).run();
  }

  @Override
  public Runnable prepareActivity(Collection<ActivityEntry> entries) {
    if (entries.isEmpty()) {
      return () -> {};
    }
    List<ActivityEntry> rows = List.copyOf(entries);
    String[] changes = new String[rows.size()];
    for (int i = 0; i < changes.length; i++) {
      changes[i] = StoreJson.changes(rows.get(i).changes());
    }
    long now = System.currentTimeMillis();
    return () ->
        sqlWrite(
            "store activity",
            c -> {
              PreparedStatement insert =
                  batch(
                      c,
                      "INSERT INTO activity (run_id, connection, object_type, side, record_id,"
                          + " action, changes, reason, happened_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
                          + " ?, ?)");
              for (int i = 0; i < changes.length; i++) {
                ActivityEntry e = rows.get(i);
                insert.setLong(1, e.runId());
                insert.setString(2, e.connection());
                insert.setString(3, e.type().id());
                insert.setString(4, e.side() == null ? null : e.side().name());
                insert.setString(5, e.recordId());
                insert.setString(6, e.action());
                insert.setString(7, changes[i]);
                insert.setString(8, e.reason());
                insert.setLong(9, e.at() == null ? now : e.at().toEpochMilli());
                insert.addBatch();
              }
              insert.executeBatch();
              return null;
            });
  }

  @Override
  public List<ActivityEntry> activity(String connection, int offset, int limit) {
    return read(
        h ->
            h.createQuery(
                    "SELECT run_id, connection, object_type, side, record_id, action, changes,"
                        + " reason, happened_at FROM activity WHERE connection = :c ORDER BY id"
                        + " DESC LIMIT :limit OFFSET :offset")
                .bind("c", connection)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(
                    (rs, ctx) ->
                        new ActivityEntry(
                            rs.getLong(1),
                            rs.getString(2),
                            objectType(rs.getString(3)),
                            rs.getString(4) == null ? null : Side.valueOf(rs.getString(4)),
                            rs.getString(5),
                            rs.getString(6),
                            StoreJson.changes(rs.getString(7)),
                            rs.getString(8),
                            instant(rs, 9)))
                .list());
  }

  private static ObjectType objectType(String id) {
    return ObjectType.parse(id)
        .orElseThrow(() -> new IllegalStateException("state store: unknown object type " + id));
  }

  // ---- runs

  @Override
  public long startRun(RunRecord run) {
    return write(
        h ->
            h.createQuery(
                    "INSERT INTO runs (connection, kind, started_at, finished_at, status, counts,"
                        + " api_calls, error) VALUES (:c, :kind, :started, :finished, :status,"
                        + " :counts, :calls, :error) RETURNING id")
                .bind("c", run.connection())
                .bind("kind", run.kind())
                .bind(
                    "started",
                    run.startedAt() == null
                        ? System.currentTimeMillis()
                        : run.startedAt().toEpochMilli())
                .bind("finished", millis(run.finishedAt()))
                .bind("status", run.status())
                .bind("counts", StoreJson.counts(run.counts()))
                .bind("calls", StoreJson.counts(run.apiCalls()))
                .bind("error", run.error())
                .mapTo(Long.class)
                .one());
  }

  @Override
  public void finishRun(RunRecord run) {
    int updated =
        write(
            h ->
                h.createUpdate(
                        "UPDATE runs SET kind = :kind, finished_at = :finished, status = :status,"
                            + " counts = :counts, api_calls = :calls, error = :error WHERE id ="
                            + " :id")
                    .bind("id", run.id())
                    .bind("kind", run.kind())
                    .bind("finished", millis(run.finishedAt()))
                    .bind("status", run.status())
                    .bind("counts", StoreJson.counts(run.counts()))
                    .bind("calls", StoreJson.counts(run.apiCalls()))
                    .bind("error", run.error())
                    .execute());
    if (updated == 0) {
      throw new IllegalArgumentException("state store: no run with id " + run.id());
    }
  }

  @Override
  public List<RunRecord> runs(String connection, int limit) {
    return runPage(connection, 0, limit);
  }

  @Override
  public List<RunRecord> runPage(String connection, int offset, int limit) {
    return read(
        h ->
            h.createQuery(
                    "SELECT id, connection, kind, started_at, finished_at, status, counts,"
                        + " api_calls, error FROM runs WHERE connection = :c ORDER BY id DESC"
                        + " LIMIT :limit OFFSET :offset")
                .bind("c", connection)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(
                    (rs, ctx) ->
                        new RunRecord(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            instant(rs, 4),
                            instant(rs, 5),
                            rs.getString(6),
                            StoreJson.counts(rs.getString(7)),
                            StoreJson.counts(rs.getString(8)),
                            rs.getString(9)))
                .list());
  }

  // ---- pauses

  @Override
  public void putPause(String connection, String reason, Instant until) {
    write(
        h -> {
          if (reason == null) {
            return h.createUpdate("DELETE FROM pauses WHERE connection = :c")
                .bind("c", connection)
                .execute();
          }
          return h.createUpdate(
                  "INSERT INTO pauses (connection, reason, until_at) VALUES (:c, :reason, :until)"
                      + " ON CONFLICT (connection) DO UPDATE SET reason = excluded.reason,"
                      + " until_at = excluded.until_at")
              .bind("c", connection)
              .bind("reason", reason)
              .bind("until", millis(until))
              .execute();
        });
  }

  @Override
  public Optional<Pause> pause(String connection) {
    return read(
        h ->
            h.createQuery("SELECT reason, until_at FROM pauses WHERE connection = :c")
                .bind("c", connection)
                .map((rs, ctx) -> new Pause(rs.getString(1), instant(rs, 2)))
                .findOne());
  }

  // ---- size and lifecycle

  @Override
  public long sizeBytes() {
    if (sqliteFile != null) {
      return fileSize(sqliteFile) + fileSize(Path.of(sqliteFile + "-wal"));
    }
    return read(
        h -> h.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one());
  }

  private static long fileSize(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("state store: cannot read the size of " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      pool.close();
    } catch (Exception e) {
      throw new IllegalStateException("state store: could not close: " + e.getMessage(), e);
    }
  }

  // ---- helpers

  /** JDBC work on a connection. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs plain JDBC work on the thread's transaction, or on a connection of its own. */
  private <T> T sql(String what, SqlWork<T> work) {
    return read(h -> jdbc(what, work, h.getConnection()));
  }

  /** Runs plain JDBC work in the thread's transaction, or in a short one of its own. */
  private <T> T sqlWrite(String what, SqlWork<T> work) {
    return write(h -> jdbc(what, work, h.getConnection()));
  }

  private static <T> T jdbc(String what, SqlWork<T> work, Connection c) {
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("state store: could not " + what + ": " + e.getMessage(), e);
    }
  }

  /** A cached statement for a batch, emptied of whatever a failed batch may have left in it. */
  private PreparedStatement batch(Connection c, String sql) throws SQLException {
    PreparedStatement ps = statements.get(c, sql);
    ps.clearBatch();
    return ps;
  }

  private String linksByB() {
    return sqliteFile != null ? LINKS_BY_B_INDEX : "";
  }

  private static String idColumn(Side side) {
    return side == Side.A ? "a_id" : "b_id";
  }

  /**
   * Runs {@code prefix IN (…)} once per chunk of ids; binds the sync key and, when given, the side
   * before the list.
   */
  private Void deleteIn(Connection c, String prefix, String key, Side side, Collection<String> ids)
      throws SQLException {
    for (List<String> chunk : chunks(ids)) {
      PreparedStatement ps =
          statements.get(c, prefix + " IN " + Statements.placeholders(chunk.size()));
      int i = 1;
      ps.setString(i++, key);
      if (side != null) {
        ps.setString(i++, side.name());
      }
      Statements.bindList(ps, i, chunk);
      ps.executeUpdate();
    }
    return null;
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  /** Distinct non-null values in chunks of at most {@link #CHUNK}. */
  static List<List<String>> chunks(Collection<String> values) {
    LinkedHashSet<String> set = new LinkedHashSet<>(values);
    set.remove(null);
    List<String> distinct = new ArrayList<>(set);
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < distinct.size(); i += CHUNK) {
      out.add(distinct.subList(i, Math.min(distinct.size(), i + CHUNK)));
    }
    return out;
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }
}
