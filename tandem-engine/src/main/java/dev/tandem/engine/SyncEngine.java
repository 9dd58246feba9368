package dev.tandem.engine;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.ChangeNotice;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private final int onePass;

  public SyncEngine(StateStore store, Clock clock) {
    this(store, clock, RunEnv.ONE_PASS);
  }

  /** For tests: {@code onePass} as in {@link RunEnv#onePass}. */
  SyncEngine(StateStore store, Clock clock, int onePass) {
    this.store = store;
    this.clock = clock;
    this.onePass = onePass;
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
    return run(conn, options, null, progress);
  }

  /**
   * A targeted run (kind {@code targeted}): syncs only the records an app's webhooks named, through
   * the same merge and write path as an incremental run. Object types whose initial sync has not
   * completed are left to it. Honours pauses like {@link #run}.
   *
   * @param notices per side, the records named; repeats are harmless
   */
  public RunReport runTargeted(
      SyncConnection conn, Map<Side, List<ChangeNotice>> notices, ProgressListener progress) {
    Map<ObjectType, Map<Side, Set<String>>> targets = new EnumMap<>(ObjectType.class);
    notices.forEach(
        (side, list) ->
            list.forEach(
                n ->
                    targets
                        .computeIfAbsent(n.type(), t -> new EnumMap<>(Side.class))
                        .computeIfAbsent(side, s -> new LinkedHashSet<>())
                        .add(n.id())));
    return run(conn, RunOptions.DEFAULT, targets, progress);
  }

  private RunReport run(
      SyncConnection conn,
      RunOptions options,
      Map<ObjectType, Map<Side, Set<String>>> targets,
      ProgressListener progress) {
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
      return execute(conn, a, b, options, targets, progress, start);
    }
    List<PlannedWrite> plan = new ArrayList<>();
    Connector da = new DryRunConnector(a, Side.A, plan);
    Connector db = new DryRunConnector(b, Side.B, plan);
    try {
      store.inTransaction(
          () -> {
            RunReport r = execute(conn, da, db, options, targets, progress, start);
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
      Map<ObjectType, Map<Side, Set<String>>> targets,
      ProgressListener progress,
      Instant start) {
    List<ObjectSyncSpec> specs = new ArrayList<>(conn.objects());
    if (targets != null) {
      specs.removeIf(s -> !targets.containsKey(s.type()) || !hasCursors(conn.name(), s));
      if (specs.isEmpty()) {
        // Nothing the initial sync will not read anyway: no run to store.
        return new RunReport(
            0,
            conn.name(),
            "targeted",
            "completed",
            Map.of(),
            Map.of(),
            Duration.between(start, clock.instant()),
            null,
            List.of());
      }
    }
    // Companies first, so that contacts and deals created in the same run can refer to them.
    specs.sort(
        Comparator.comparing(
            s ->
                List.of(ObjectType.COMPANY, ObjectType.CONTACT, ObjectType.DEAL)
                    .indexOf(s.type())));
    String kind =
        targets != null ? "targeted" : options.full() ? "full" : kindOf(conn.name(), specs);
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
          waiting +=
              targets != null
                  ? new TypeRunner(
                          new RunEnv(conn.name(), runId, store, clock, progress, onePass),
                          spec,
                          a,
                          b,
                          c)
                      .targeted(targets.get(spec.type()))
                  : runType(conn.name(), spec, a, b, options, progress, runId, c);
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
    } catch (RunStopped e) {
      status = "stopped";
      error = e.getMessage();
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
    if (error != null && !"stopped".equals(status)) {
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

  private boolean hasCursors(String connection, ObjectSyncSpec spec) {
    SyncKey key = new SyncKey(connection, spec.type());
    return store.cursor(key, Side.A).isPresent() && store.cursor(key, Side.B).isPresent();
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
        new TypeRunner(
            new RunEnv(connection, runId, store, clock, progress, onePass), spec, a, b, counts);
    Optional<String> cursorA = store.cursor(key, Side.A);
    Optional<String> cursorB = store.cursor(key, Side.B);
    if (options.full() || cursorA.isEmpty() || cursorB.isEmpty()) {
      runner.initial(!options.dryRun());
      return 0;
    }
    return runner.incremental(cursorA.get(), cursorB.get(), options.approveDeletes());
  }
}
