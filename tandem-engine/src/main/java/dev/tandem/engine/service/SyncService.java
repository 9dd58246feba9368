package dev.tandem.engine.service;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.ChangeNotice;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.WebhookReceiver;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.RunStopped;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.SyncEngine;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.SyncKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every connection on its schedule, and the records webhooks name as soon as they arrive.
 *
 * <p>Scheduling goes through db-scheduler on the store's own database (table {@code
 * scheduled_tasks}): one execution per connection, due first at once (the initial sync, or an
 * incremental one when the store already holds the connection's cursors), then {@code every} after
 * each run ends. The schedule lives in the store, so a restart carries on where it was; on
 * PostgreSQL executions are claimed with {@code SKIP LOCKED}, so several nodes could share the
 * work.
 *
 * <p>At most one run per connection at a time, on this node: scheduled runs, {@link #syncNow} and
 * targeted runs of webhook notices wait for a fair per-connection lock. Notices are coalesced: the
 * first starts a short debounce, repeats of a record keep the latest, and a run drains all that
 * arrived while it waited.
 *
 * <p>{@link #close()} stops scheduling, lets runs in progress stop at their next safe point
 * (between pages, after a page is committed) and closes the connectors. It does not close the
 * store.
 */
public final class SyncService implements SyncControl, AutoCloseable {
  static final String TASK = "tandem-sync";
  private static final Logger log = LoggerFactory.getLogger(SyncService.class);
  private static final String USER_PAUSE = "paused by a user";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /**
   * How the service runs.
   *
   * @param pollInterval how often db-scheduler looks for due runs (the delay of a scheduled run); a
   *     run's heartbeat is five times that, and a run whose node missed six beats is taken over
   * @param debounce how long notices are gathered after the first before a targeted run starts
   * @param threads how many scheduled runs may go at once (different connections)
   * @param shutdownWait how long {@link #close()} waits for runs to reach a safe point
   * @param schemaTtl how long targeted runs reuse the apps' schemas (scheduled runs read them anew)
   */
  public record Options(
      Duration pollInterval,
      Duration debounce,
      int threads,
      Duration shutdownWait,
      Duration schemaTtl) {
    public static final Options DEFAULTS =
        new Options(
            Duration.ofSeconds(2),
            Duration.ofMillis(50),
            4,
            Duration.ofSeconds(60),
            Duration.ofMinutes(5));
  }

  private final StateStore store;
  private final ConnectionSource source;
  private final Clock clock;
  private final Options options;
  private final SyncEngine engine;
  private final CustomTask<Void> task;
  private final Scheduler scheduler;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final ExecutorService runs = Executors.newCachedThreadPool(threads("tandem-run"));
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(threads("tandem-debounce"));
  private final List<Consumer<RunReport>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closing;
  private volatile boolean started;

  public SyncService(StateStore store, ConnectionSource source, Clock clock, Options options) {
    this.store = store;
    this.source = source;
    this.clock = clock;
    this.options = options;
    this.engine = new SyncEngine(store, clock);
    this.task =
        Tasks.custom(TASK, Void.class)
            .onDeadExecutionRevive()
            .execute(
                (instance, context) -> {
                  Instant next = scheduledRun(instance.getId());
                  return (CompletionHandler<Void>)
                      (complete, ops) -> {
                        if (next == null) {
                          ops.remove();
                        } else {
                          ops.reschedule(complete, next);
                        }
                      };
                });
    SchedulerBuilder builder =
        Scheduler.create(store.dataSource(), List.of(task))
            .threads(options.threads())
            .pollingInterval(options.pollInterval())
            // A node that died in a run stops heartbeating; after six missed beats (a minute by
            // default) another node, or this one restarted, takes the run over.
            .heartbeatInterval(options.pollInterval().multipliedBy(5))
            .shutdownMaxWait(options.shutdownWait());
    if (store.isPostgres()) {
      // SELECT … FOR UPDATE SKIP LOCKED: nodes sharing the database never claim the same run.
      builder.pollUsingLockAndFetch(0.5, 1.0);
    } else {
      builder.jdbcCustomization(new SqliteDialect());
    }
    this.scheduler = builder.build();
  }

  /** Schedules every connection the source lists (those not yet scheduled: due now) and starts. */
  public SyncService start() {
    for (ConnectionSource.Entry e : source.connections()) {
      ensureScheduled(e);
    }
    scheduler.start();
    started = true;
    log.info(
        "sync service started on {} ({} connections)",
        store.isPostgres() ? "PostgreSQL" : "SQLite",
        source.connections().size());
    return this;
  }

  /** Hears every finished run (scheduled, manual or targeted), e.g. for metrics. Must be fast. */
  public void onRun(Consumer<RunReport> listener) {
    listeners.add(listener);
  }

  // ---------------------------------------------------------------- SyncControl

  @Override
  public ConnectionStatus status(String connectionId) {
    Lane lane = lane(connectionId);
    LiveState running = lane.running;
    Optional<StateStore.Pause> pause = activePause(connectionId);
    if (running != null) {
      return new ConnectionStatus(
          connectionId, running, null, lane.lastRunAt, pause.isPresent() ? null : lane.nextRunAt);
    }
    if (pause.isPresent()) {
      return new ConnectionStatus(
          connectionId, LiveState.PAUSED, pause.get().reason(), lane.lastRunAt, null);
    }
    if (lane.failure != null) {
      return new ConnectionStatus(
          connectionId, LiveState.FAILING, lane.failure, lane.lastRunAt, lane.nextRunAt);
    }
    return new ConnectionStatus(
        connectionId, LiveState.LISTENING, null, lane.lastRunAt, lane.nextRunAt);
  }

  @Override
  public CompletableFuture<RunReport> syncNow(String connectionId, RunOptions options) {
    CompletableFuture<RunReport> future = new CompletableFuture<>();
    if (closing) {
      future.completeExceptionally(new IllegalStateException("Tandem is shutting down"));
      return future;
    }
    Lane lane = lane(connectionId);
    boolean accepted =
        submit(
            () -> {
              try {
                RunReport r =
                    exclusive(
                        lane, conn -> engine.run(conn, options, stopOnClose()), options, true);
                if (r == null) {
                  future.completeExceptionally(
                      new IllegalStateException(
                          "Tandem is shutting down; the run of "
                              + connectionId
                              + " did not start"));
                } else {
                  logRun(connectionId, r, nextRunNote(lane));
                  future.complete(r);
                }
              } catch (RuntimeException e) {
                future.completeExceptionally(e);
              }
            });
    if (!accepted) {
      future.completeExceptionally(new IllegalStateException("Tandem is shutting down"));
    }
    return future;
  }

  @Override
  public void pause(String connectionId) {
    store.putPause(connectionId, USER_PAUSE, null);
    log.info("connection {}: paused by a user; no runs until it is resumed", connectionId);
  }

  @Override
  public void resume(String connectionId) {
    boolean wasPaused = store.pause(connectionId).isPresent();
    store.putPause(connectionId, null, null);
    Lane lane = lane(connectionId);
    lane.failure = null;
    Instant now = clock.instant();
    try {
      if (!scheduler.scheduleIfNotExists(task.instance(connectionId), now)) {
        scheduler.reschedule(TaskInstanceId.of(TASK, connectionId), now);
      }
      lane.nextRunAt = now;
    } catch (RuntimeException e) {
      // A run is in progress: it reschedules itself when it ends.
      log.debug("connection {}: not rescheduled while it runs: {}", connectionId, e.getMessage());
    }
    log.info("connection {}: {}; next run now", connectionId, wasPaused ? "resumed" : "not paused");
  }

  @Override
  public void reload(String connectionId) {
    submit(
        () -> {
          Lane lane = lane(connectionId);
          lane.lock.lock();
          try {
            lane.closeConnection();
            lane.failure = null;
          } finally {
            lane.lock.unlock();
          }
          Optional<ConnectionSource.Entry> entry =
              source.connections().stream().filter(e -> e.id().equals(connectionId)).findFirst();
          try {
            if (entry.isPresent()) {
              ensureScheduled(entry.get());
              log.info(
                  "connection {}: reloaded; its next run uses the new definition", connectionId);
            } else {
              scheduler.cancel(TaskInstanceId.of(TASK, connectionId));
              lanes.remove(connectionId);
              log.info("connection {}: removed; no longer scheduled", connectionId);
            }
          } catch (RuntimeException e) {
            log.debug("connection {}: schedule left as it is: {}", connectionId, e.getMessage());
          }
        });
  }

  @Override
  public Optional<WebhookReceiver> webhooks(String connectionId, Side side) {
    Lane lane = lanes.get(connectionId);
    if (lane == null) {
      if (closing || source.connections().stream().noneMatch(e -> e.id().equals(connectionId))) {
        return Optional.empty();
      }
      lane = lane(connectionId);
    }
    try {
      SyncConnection conn = lane.connection();
      return (side == Side.A ? conn.a() : conn.b()).webhooks();
    } catch (ConfigException e) {
      lane.failure = e.getMessage();
      log.warn("connection {}: cannot open it for webhooks: {}", connectionId, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void notify(String connectionId, Side side, List<ChangeNotice> notices) {
    if (closing || notices.isEmpty()) {
      return;
    }
    Lane lane = lane(connectionId);
    boolean schedule;
    synchronized (lane.pending) {
      Map<String, ChangeNotice> mine =
          lane.pending.computeIfAbsent(side, s -> new LinkedHashMap<>());
      for (ChangeNotice n : notices) {
        mine.merge(
            n.type().id() + "/" + n.id(),
            n,
            (old, now) -> now.occurredAt() >= old.occurredAt() ? now : old);
      }
      schedule = !lane.flushScheduled;
      lane.flushScheduled = true;
    }
    if (schedule) {
      try {
        timers.schedule(
            () -> submit(() -> flush(lane)), options.debounce().toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Shutting down: the next incremental run after a restart reads these changes.
      }
    }
  }

  /**
   * Schedules a connection not yet scheduled (due now: its first run), and brings forward a run due
   * later than {@code every} from now (the interval was shortened).
   */
  private void ensureScheduled(ConnectionSource.Entry e) {
    Instant now = clock.instant();
    if (scheduler.scheduleIfNotExists(task.instance(e.id()), now)) {
      return;
    }
    Instant latest = now.plus(e.every());
    scheduler
        .getScheduledExecution(TaskInstanceId.of(TASK, e.id()))
        .filter(x -> !x.isPicked() && x.getExecutionTime().isAfter(latest))
        .ifPresent(
            x -> {
              try {
                scheduler.reschedule(TaskInstanceId.of(TASK, e.id()), latest);
                lanes.computeIfPresent(
                    e.id(),
                    (id, lane) -> {
                      lane.nextRunAt = latest;
                      return lane;
                    });
              } catch (RuntimeException ex) {
                // it started meanwhile: it is rescheduled with the new interval when it ends
              }
            });
  }

  // ---------------------------------------------------------------- runs

  /** The scheduled run of a connection; returns when to run it next, or null to stop. */
  private Instant scheduledRun(String id) {
    if (closing) {
      return clock.instant();
    }
    Optional<ConnectionSource.Entry> entry;
    try {
      entry = source.connections().stream().filter(e -> e.id().equals(id)).findFirst();
    } catch (RuntimeException e) {
      log.error("connection {}: cannot list connections: {}; trying again in a minute", id, e);
      return clock.instant().plus(Duration.ofMinutes(1));
    }
    if (entry.isEmpty()) {
      log.info("connection {}: no longer configured; not scheduled any more", id);
      Lane gone = lanes.remove(id);
      if (gone != null) {
        gone.closeConnection();
      }
      return null;
    }
    Duration every = entry.get().every();
    Lane lane = lane(id);
    Optional<StateStore.Pause> pause = activePause(id);
    if (pause.isPresent()) {
      Instant until = pause.get().until();
      Instant next = until != null ? until : clock.instant().plus(every);
      lane.nextRunAt = null;
      log.debug("connection {}: paused ({}); looking again at {}", id, pause.get().reason(), next);
      return next;
    }
    RunReport r;
    try {
      r =
          exclusive(
              lane,
              conn -> {
                lane.freshSchemas();
                return engine.run(conn, RunOptions.DEFAULT, stopOnClose());
              },
              RunOptions.DEFAULT,
              true);
    } catch (ConfigException e) {
      r = null; // logged, and shown as failing, by exclusive()
    } catch (RuntimeException e) {
      log.error("connection {}: run failed", id, e);
      r = null;
    }
    if (r != null && "stopped".equals(r.status())) {
      log.info("connection {}: {} run stopped at a safe point for shutdown", id, r.kind());
      return clock.instant();
    }
    Instant next = clock.instant().plus(every);
    lane.nextRunAt = next;
    if (r != null) {
      logRun(id, r, "next run at " + TIME.format(next));
    }
    return next;
  }

  /** Runs the notices gathered for a connection, after any run in progress. */
  private void flush(Lane lane) {
    lane.lock.lock();
    try {
      Map<Side, List<ChangeNotice>> batch = new EnumMap<>(Side.class);
      synchronized (lane.pending) {
        lane.pending.forEach((side, m) -> batch.put(side, List.copyOf(m.values())));
        lane.pending.clear();
        lane.flushScheduled = false;
      }
      if (batch.isEmpty() || closing) {
        return;
      }
      int n = batch.values().stream().mapToInt(List::size).sum();
      RunReport r =
          exclusive(
              lane,
              conn -> engine.runTargeted(conn, batch, stopOnClose()),
              RunOptions.DEFAULT,
              false);
      if (r == null) {
        return;
      }
      String what = n + (n == 1 ? " record" : " records") + " named by webhooks";
      if (!r.completed() || changed(r)) {
        logRun(lane.id, r, what);
      } else {
        log.debug("connection {}: targeted sync of {}: nothing to change", lane.id, what);
      }
    } catch (RuntimeException e) {
      log.error("connection {}: targeted run failed", lane.id, e);
    } finally {
      lane.lock.unlock();
    }
  }

  /**
   * Runs work on the connection's open connectors under its lock, keeping its live state. Returns
   * null when the service shut down while it waited.
   */
  private RunReport exclusive(
      Lane lane, Function<SyncConnection, RunReport> work, RunOptions options, boolean scan) {
    lane.lock.lock();
    try {
      if (closing) {
        return null;
      }
      SyncConnection conn;
      try {
        conn = lane.connection();
      } catch (ConfigException e) {
        lane.failure = e.getMessage();
        log.error("connection {}: cannot open it: {}", lane.id, e.getMessage());
        throw e;
      }
      lane.running = scan && needsScan(conn, options) ? LiveState.SCANNING : LiveState.SYNCING;
      RunReport r;
      try {
        r = work.apply(conn);
      } finally {
        lane.running = null;
      }
      if (!options.dryRun() && !"paused".equals(r.status()) && !"stopped".equals(r.status())) {
        lane.lastRunAt = clock.instant();
        lane.failure = "failed".equals(r.status()) ? r.error() : null;
      }
      for (Consumer<RunReport> l : listeners) {
        try {
          l.accept(r);
        } catch (RuntimeException e) {
          log.warn("run listener failed: {}", e.toString());
        }
      }
      return r;
    } finally {
      lane.lock.unlock();
    }
  }

  private boolean needsScan(SyncConnection conn, RunOptions options) {
    if (options.full()) {
      return true;
    }
    return conn.objects().stream()
        .map(s -> new SyncKey(conn.name(), s.type()))
        .anyMatch(k -> store.cursor(k, Side.A).isEmpty() || store.cursor(k, Side.B).isEmpty());
  }

  private ProgressListener stopOnClose() {
    return new ProgressListener() {
      @Override
      public void phase(String description, long total) {
        check();
      }

      @Override
      public void advance(long n) {
        check();
      }

      private void check() {
        if (closing) {
          throw new RunStopped(
              "stopped at a safe point because Tandem is shutting down; the next run carries on");
        }
      }
    };
  }

  private Optional<StateStore.Pause> activePause(String id) {
    return store.pause(id).filter(p -> p.until() == null || clock.instant().isBefore(p.until()));
  }

  private Lane lane(String id) {
    Lane lane = lanes.computeIfAbsent(id, Lane::new);
    lane.load();
    return lane;
  }

  // ---------------------------------------------------------------- logging

  private String nextRunNote(Lane lane) {
    Instant next = lane.nextRunAt;
    return next == null ? "run on request" : "next run at " + TIME.format(next);
  }

  private static boolean changed(RunReport r) {
    for (String what : List.of("created", "updated", "deleted")) {
      for (Side s : Side.values()) {
        if (r.total(what + "." + s.label()) > 0) {
          return true;
        }
      }
    }
    return r.total("failed") > 0;
  }

  private void logRun(String id, RunReport r, String note) {
    String took = took(r.duration());
    switch (r.status()) {
      case "completed" ->
          log.info(
              "connection {}: {} sync done in {} ({}); {}", id, r.kind(), took, summary(r), note);
      case "paused" -> log.info("connection {}: paused ({}); {}", id, r.error(), note);
      case "needs-approval" ->
          log.warn("connection {}: {} sync waits for approval: {}", id, r.kind(), r.error());
      case "stopped" -> log.info("connection {}: {} sync {}", id, r.kind(), r.error());
      default ->
          log.warn(
              "connection {}: {} sync failed after {}: {}; {}",
              id,
              r.kind(),
              took,
              r.error(),
              note.startsWith("next run") ? note.replace("next run", "next try") : note);
    }
  }

  static String summary(RunReport r) {
    List<String> parts = new ArrayList<>();
    for (String what : List.of("created", "updated", "deleted")) {
      for (Side s : Side.values()) {
        long n = r.total(what + "." + s.label());
        if (n > 0) {
          parts.add(n + " " + what + " in " + s.label());
        }
      }
    }
    long failed = r.total("failed");
    if (failed > 0) {
      parts.add(failed + " failing");
    }
    return parts.isEmpty() ? "no changes" : String.join(", ", parts);
  }

  static String took(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  // ---------------------------------------------------------------- shutdown

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    log.info("sync service stopping: runs in progress stop at their next safe point");
    timers.shutdownNow();
    if (started) {
      scheduler.stop();
    }
    runs.shutdown();
    try {
      if (!runs.awaitTermination(options.shutdownWait().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("runs did not stop within {}", options.shutdownWait());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int dropped = 0;
    for (Lane lane : lanes.values()) {
      synchronized (lane.pending) {
        dropped += lane.pending.values().stream().mapToInt(Map::size).sum();
      }
      lane.closeConnection();
    }
    if (dropped > 0) {
      log.info(
          "{} webhook notice(s) not yet synced; the next incremental run after a restart reads them",
          dropped);
    }
    log.info("sync service stopped");
  }

  /** Runs work on a run thread; false when the service is shutting down. */
  private boolean submit(Runnable work) {
    try {
      runs.execute(work);
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return false;
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One connection: its lock, open connectors, live state and gathered webhook notices. */
  private final class Lane {
    final String id;
    final ReentrantLock lock = new ReentrantLock(true);
    final Map<Side, Map<String, ChangeNotice>> pending = new EnumMap<>(Side.class);
    boolean flushScheduled;
    volatile LiveState running;
    volatile Instant lastRunAt;
    volatile Instant nextRunAt;
    volatile String failure;
    private boolean loaded;
    private SyncConnection conn;
    private CachedSchemas schemasA;
    private CachedSchemas schemasB;

    Lane(String id) {
      this.id = id;
    }

    /** What the store and the schedule remember from before this start. */
    synchronized void load() {
      if (loaded) {
        return;
      }
      loaded = true;
      try {
        for (RunRecord r : store.runs(id, 5)) {
          if (r.finishedAt() != null && !"dry-run".equals(r.kind())) {
            lastRunAt = r.finishedAt();
            failure = "failed".equals(r.status()) ? r.error() : null;
            break;
          }
        }
        scheduler
            .getScheduledExecution(TaskInstanceId.of(TASK, id))
            .ifPresent(e -> nextRunAt = e.getExecutionTime());
      } catch (RuntimeException e) {
        log.warn("connection {}: cannot read its last run: {}", id, e.toString());
      }
    }

    synchronized SyncConnection connection() {
      if (conn == null) {
        SyncConnection c = source.open(id);
        schemasA = new CachedSchemas(c.a(), options.schemaTtl(), clock);
        schemasB = new CachedSchemas(c.b(), options.schemaTtl(), clock);
        conn =
            new SyncConnection(c.name(), schemasA, c.meterA(), schemasB, c.meterB(), c.objects());
      }
      return conn;
    }

    synchronized void freshSchemas() {
      if (schemasA != null) {
        schemasA.forget();
        schemasB.forget();
      }
    }

    synchronized void closeConnection() {
      if (conn != null) {
        for (AutoCloseable c : List.of(conn.a(), conn.b())) {
          try {
            c.close();
          } catch (Exception e) {
            log.warn("connection {}: closing a connector failed: {}", id, e.toString());
          }
        }
        conn = null;
      }
    }
  }
}
