package dev.tandem.engine.service;

import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The sync service on a SQLite store (db-scheduler with optimistic locking). */
class SqliteSyncServiceTest extends SyncServiceContract {
  @TempDir Path dir;

  @Override
  StateStore newStore() {
    return StateStores.sqlite(dir.resolve("tandem.db"));
  }

  @Override
  StateStore reopen() {
    store.close();
    return StateStores.sqlite(dir.resolve("tandem.db"));
  }
}
