package dev.tandem.engine;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.RateLimitedException;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.SyncKey;
import dev.tandem.engine.sync.RunEnv;
import dev.tandem.engine.sync.TypeRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs syncs of connections: for each object type (companies first, so that contacts and deals can
 * refer to them), the initial sync when a side has no cursor yet (or {@code --full}), else an
 * incremental one. Stores every run with its counts and API calls. A failure of one run is reported
 * in its {@link RunReport}, never thrown.
 */
public final class SyncEngine {
  private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);
  private final StateStore store;
  private final Clock clock;

  public SyncEngine(StateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Thrown through a dry run's transaction to roll back everything it stored. */
  private static final class Rollback extends RuntimeException {
    final RunReport report;

    Rollback(RunReport report) {
      super(null, null, false, false);
      this.report = report;
    }
  }

  public RunReport run(SyncConnection conn, RunOptions options, ProgressListener progress) {
    Instant start = clock.instant();
    Optional<StateStore.Pause> pause = store.pause(conn.name());
    if (pause.isPresent()) {
      StateStore.Pause p = pause.get();
      boolean expired = p.until() != null && !start.isBefore(p.until());
      boolean approved = options.approveDeletes() && p.until() == null;
      if (!expired && !approved) {
        log.warn("{}: paused: {}", conn.name(), p.reason());
        return new RunReport(
            0,
            conn.name(),
            "none",
            "paused",
            Map.of(),
            Map.of(),
            Duration.ZERO,
            p.reason(),
            List.of());
      }
      if (!options.dryRun()) {
        store.putPause(conn.name(), null, null);
        log.info("{}: resuming ({})", conn.name(), expired ? "pause ended" : "deletions approved");
      }
    }
    conn.meterA().reset();
    conn.meterB().reset();
    Connector a = new ResilientConnector(conn.a(), conn.name() + " a");
    Connector b = new ResilientConnector(conn.b(), conn.name() + " b");
    if (!options.dryRun()) {
      return execute(conn, a, b, options, progress, start);
    }
    List<PlannedWrite> plan = new ArrayList<>();
    Connector da = new DryRunConnector(a, Side.A, plan);
    Connector db = new DryRunConnector(b, Side.B, plan);
    try {
      store.inTransaction(
          () -> {
            RunReport r = execute(conn, da, db, options, progress, start);
            throw new Rollback(
                new RunReport(
                    0,
                    r.connection(),
                    "dry-run",
                    r.status(),
                    r.counts(),
                    r.apiCalls(),
                    r.duration(),
                    r.error(),
                    List.copyOf(plan)));
          });
      throw new IllegalStateException("dry run did not roll back");
    } catch (Rollback rollback) {
      return rollback.report;
    }
  }

  private RunReport execute(
      SyncConnection conn,
      Connector a,
      Connector b,
      RunOptions options,
      ProgressListener progress,
      Instant start) {
    List<ObjectSyncSpec> specs = new ArrayList<>(conn.objects());
    // Companies first, so that contacts and deals created in the same run can refer to them.
    specs.sort(
        Comparator.comparing(
            s ->
                List.of(ObjectType.COMPANY, ObjectType.CONTACT, ObjectType.DEAL)
                    .indexOf(s.type())));
    String kind = options.full() ? "full" : kindOf(conn.name(), specs);
    long runId =
        store.startRun(
            new RunRecord(0, conn.name(), kind, start, null, "running", Map.of(), Map.of(), null));
    Map<ObjectType, Counts> counts = new LinkedHashMap<>();
    String status = "completed";
    String error = null;
    int waiting = 0;
    try {
      for (ObjectSyncSpec spec : specs) {
        Counts c = new Counts();
        counts.put(spec.type(), c);
        long beforeA = conn.meterA().total();
        long beforeB = conn.meterB().total();
        try {
          waiting += runType(conn.name(), spec, a, b, options, progress, runId, c);
        } finally {
          c.apiCalls(conn.meterA().total() - beforeA, conn.meterB().total() - beforeB);
        }
      }
      if (waiting > 0) {
        status = "needs-approval";
        error =
            waiting
                + " deletion(s) exceed the mass-delete guard and wait for approval: run `tandem sync --approve-deletes` to apply them";
        if (!options.dryRun()) {
          store.putPause(conn.name(), error, null);
        }
      }
    } catch (RateLimitedException e) {
      status = "failed";
      if (e.daily()) {
        Instant until =
            clock.instant().plus(e.retryAfter() == null ? Duration.ofHours(1) : e.retryAfter());
        error =
            "daily API limit reached (" + e.getMessage() + "); connection paused until " + until;
        if (!options.dryRun()) {
          store.putPause(conn.name(), error, until);
        }
      } else {
        error = e.getMessage();
      }
    } catch (ConnectorException | ConfigException e) {
      status = "failed";
      error = e.getMessage();
    } catch (RuntimeException e) {
      status = "failed";
      error = "internal error: " + e;
      log.error("{}: run failed", conn.name(), e);
    } finally {
      progress.done();
    }
    if (error != null) {
      log.error("{}: {}", conn.name(), error);
    }
    Duration duration = Duration.between(start, clock.instant());
    Map<ObjectType, Map<String, Long>> countMaps = new LinkedHashMap<>();
    Map<String, Map<String, Long>> storedCounts = new LinkedHashMap<>();
    counts.forEach(
        (t, c) -> {
          countMaps.put(t, c.toMap());
          storedCounts.put(t.id(), c.toMap());
        });
    Map<Side, Map<String, Long>> calls = new EnumMap<>(Side.class);
    calls.put(Side.A, conn.meterA().byEndpoint());
    calls.put(Side.B, conn.meterB().byEndpoint());
    store.finishRun(
        new RunRecord(
            runId,
            conn.name(),
            kind,
            start,
            clock.instant(),
            status,
            storedCounts,
            Map.of("a", calls.get(Side.A), "b", calls.get(Side.B)),
            error));
    return new RunReport(
        runId, conn.name(), kind, status, countMaps, calls, duration, error, List.of());
  }

  private String kindOf(String connection, List<ObjectSyncSpec> specs) {
    for (ObjectSyncSpec spec : specs) {
      SyncKey key = new SyncKey(connection, spec.type());
      if (store.cursor(key, Side.A).isEmpty() || store.cursor(key, Side.B).isEmpty()) {
        return "initial";
      }
    }
    return "incremental";
  }

  private int runType(
      String connection,
      ObjectSyncSpec spec,
      Connector a,
      Connector b,
      RunOptions options,
      ProgressListener progress,
      long runId,
      Counts counts) {
    SyncKey key = new SyncKey(connection, spec.type());
    TypeRunner runner =
        new TypeRunner(new RunEnv(connection, runId, store, clock, progress), spec, a, b, counts);
    Optional<String> cursorA = store.cursor(key, Side.A);
    Optional<String> cursorB = store.cursor(key, Side.B);
    if (options.full() || cursorA.isEmpty() || cursorB.isEmpty()) {
      runner.initial();
      return 0;
    }
    return runner.incremental(cursorA.get(), cursorB.get(), options.approveDeletes());
  }
}
