package dev.tandem.engine.service;

import dev.tandem.engine.SyncConnection;
import java.time.Duration;
import java.util.List;

/**
 * Where the sync service finds the connections it runs. The server implements it over the store's
 * accounts and connections (seeded from the YAML config, changed through the API and dashboard).
 * Called from the service's scheduler threads; implementations must be thread-safe.
 */
public interface ConnectionSource {

  /** A connection to keep in step, and how often to poll it. */
  record Entry(String id, Duration every) {}

  /** Every connection that should run now, across all workspaces. */
  List<Entry> connections();

  /**
   * A ready-to-run connection with fresh connectors; its {@link SyncConnection#name()} is {@code
   * id}, the key of its state in the store. The service keeps it open until {@link
   * SyncControl#reload} or shutdown, then closes its connectors.
   *
   * @throws dev.tandem.core.spi.ConfigException when the connection or one of its accounts is
   *     missing or no longer valid; the service marks the connection failing with that message
   */
  SyncConnection open(String id);
}
