package dev.tandem.server;

import dev.tandem.core.model.Side;
import dev.tandem.core.spi.ChangeNotice;
import dev.tandem.core.spi.WebhookReceiver;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.SyncEngine;
import dev.tandem.engine.service.ConnectionSource;
import dev.tandem.engine.service.ConnectionStatus;
import dev.tandem.engine.service.LiveState;
import dev.tandem.engine.service.SyncControl;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test scope only: a SyncControl that runs the real {@link SyncEngine} synchronously on the
 * caller's thread, without a scheduler (the sync service lives in its own branch).
 */
final class EngineSyncControl implements SyncControl {
  private final ConnectionSource source;
  private final StateStore store;
  private final Clock clock;
  private final Metrics metrics;
  private final java.util.function.Function<String, Map<Side, String>> apps;
  private final Set<String> paused = ConcurrentHashMap.newKeySet();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  final List<String> reloaded = new CopyOnWriteArrayList<>();

  EngineSyncControl(ServerContext context, Clock clock) {
    this.source = context.catalog();
    this.store = context.store();
    this.clock = clock;
    this.metrics = context.metrics();
    this.apps = context.catalog()::appTypes;
  }

  @Override
  public ConnectionStatus status(String id) {
    List<RunRecord> last = store.runs(id, 1);
    var lastRun = last.isEmpty() ? null : last.get(0).finishedAt();
    if (paused.contains(id)) {
      return new ConnectionStatus(id, LiveState.PAUSED, "paused by a user", lastRun, null);
    }
    String failure = failures.get(id);
    if (failure != null) {
      return new ConnectionStatus(id, LiveState.FAILING, failure, lastRun, null);
    }
    return new ConnectionStatus(id, LiveState.LISTENING, null, lastRun, null);
  }

  @Override
  public CompletableFuture<RunReport> syncNow(String id, RunOptions options) {
    SyncConnection c;
    try {
      c = source.open(id);
    } catch (RuntimeException e) {
      failures.put(id, e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    try {
      RunReport report = new SyncEngine(store, clock).run(c, options, ProgressListener.NONE);
      if (report.completed()) {
        failures.remove(id);
      } else if (report.error() != null) {
        failures.put(id, report.error());
      }
      metrics.run(report, apps.apply(id));
      return CompletableFuture.completedFuture(report);
    } catch (RuntimeException e) {
      failures.put(id, e.getMessage());
      return CompletableFuture.failedFuture(e);
    } finally {
      c.a().close();
      c.b().close();
    }
  }

  @Override
  public void pause(String id) {
    paused.add(id);
  }

  @Override
  public void resume(String id) {
    paused.remove(id);
  }

  @Override
  public void reload(String id) {
    reloaded.add(id);
  }

  @Override
  public Optional<WebhookReceiver> webhooks(String id, Side side) {
    return Optional.empty();
  }

  @Override
  public void notify(String id, Side side, List<ChangeNotice> notices) {
    throw new UnsupportedOperationException("webhooks are not part of these tests");
  }
}
