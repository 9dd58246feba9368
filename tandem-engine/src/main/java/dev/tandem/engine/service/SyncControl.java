package dev.tandem.engine.service;

import dev.tandem.core.model.Side;
import dev.tandem.core.spi.ChangeNotice;
import dev.tandem.core.spi.WebhookReceiver;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the server may ask of the running sync service. Every method is thread-safe and returns
 * quickly (runs happen on the service's own threads); connection ids are those of {@link
 * ConnectionSource}. The server checks workspace access before calling.
 */
public interface SyncControl {

  /** The connection's live status; LISTENING with no run yet for a connection just added. */
  ConnectionStatus status(String connectionId);

  /**
   * Runs the connection now (after a run already in progress), with these options ({@code dryRun}
   * for a dry run). The future completes with the run's report.
   */
  CompletableFuture<RunReport> syncNow(String connectionId, RunOptions options);

  /** Stops scheduling runs of the connection (a run in progress finishes) until {@link #resume}. */
  void pause(String connectionId);

  void resume(String connectionId);

  /**
   * The connection was added, changed or deleted in the store: reopen it (its next run uses the new
   * definition) or stop scheduling it.
   */
  void reload(String connectionId);

  /** The webhook receiver of the connection's app on {@code side}, if that app sends webhooks. */
  Optional<WebhookReceiver> webhooks(String connectionId, Side side);

  /**
   * Records named by a verified webhook: sync them soon (a targeted run), coalescing bursts and
   * repeats. Returns at once.
   */
  void notify(String connectionId, Side side, List<ChangeNotice> notices);
}
