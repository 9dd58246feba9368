package dev.tandem.engine.service;

import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.engine.store.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  /**
   * Two services on one database act as two nodes: db-scheduler hands each due run to one of them
   * (SELECT … FOR UPDATE SKIP LOCKED), so their scheduled runs of a connection never overlap.
   */
  @Test
  void twoNodesOnOneDatabaseNeverRunAConnectionAtOnce() throws Exception {
    // One counter per side, over both nodes: a run reads its two sides at once (A's first page is
    // asked for while B's changes are read), but two runs of the connection would overlap on a
    // side.
    AtomicInteger sharedA = new AtomicInteger();
    AtomicInteger sharedB = new AtomicInteger();
    List<GatedConnector> connectors = new ArrayList<>();
    source.every = Duration.ofMillis(50);
    source.onOpen =
        (ga, gb) -> {
          ga.shared = sharedA;
          gb.shared = sharedB;
          for (GatedConnector g : List.of(ga, gb)) {
            g.delayMillis = 20;
            synchronized (connectors) {
              connectors.add(g);
            }
          }
        };
    start();
    start();
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> kinds().stream().filter(k -> k.equals("incremental:completed")).count() >= 10);
    synchronized (connectors) {
      org.assertj.core.api.Assertions.assertThat(connectors).hasSizeGreaterThanOrEqualTo(2);
      org.assertj.core.api.Assertions.assertThat(connectors)
          .allSatisfy(
              g -> org.assertj.core.api.Assertions.assertThat(g.maxShared.get()).isEqualTo(1));
    }
  }
}
