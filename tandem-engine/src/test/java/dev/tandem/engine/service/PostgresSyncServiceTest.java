package dev.tandem.engine.service;

import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.engine.store.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The sync service on an embedded PostgreSQL 17 (db-scheduler claims with SKIP LOCKED). */
class PostgresSyncServiceTest extends SyncServiceContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres pg;
  private String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  StateStore newStore() throws Exception {
    url = TestPostgres.createDatabase(pg, "service" + DATABASES.incrementAndGet());
    return StateStores.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
  }

  @Override
  StateStore reopen() {
    store.close();
    return StateStores.postgres(url, TestPostgres.USER, TestPostgres.PASSWORD);
  }
}
