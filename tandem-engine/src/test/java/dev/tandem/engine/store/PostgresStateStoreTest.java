package dev.tandem.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.spi.ConfigException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on an embedded PostgreSQL 17, started once for the class. */
class PostgresStateStoreTest extends StateStoreContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres pg;
  private String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  StateStore newStore() throws Exception {
    url = EmbeddedPostgresServer.createDatabase(pg, "store" + DATABASES.incrementAndGet());
    return StateStores.postgres(url, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }

  @Override
  StateStore reopen() {
    store.close();
    return StateStores.open(
        StoreSettings.postgres(url, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD));
  }

  @Test
  void aWrongPasswordIsAConfigErrorNamingTheStore() {
    assertThatThrownBy(() -> StateStores.postgres(url, EmbeddedPostgresServer.USER, "wrong"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store (PostgreSQL " + url + ")")
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void aMissingDatabaseIsAConfigError() {
    String missing = "jdbc:postgresql://localhost:" + pg.getPort() + "/nosuchdb";
    assertThatThrownBy(
            () ->
                StateStores.postgres(
                    missing, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nosuchdb")
        .hasMessageContaining("does not exist");
  }

  @Test
  void sizeBytesIsTheDatabaseSize() {
    assertThat(store.sizeBytes()).isGreaterThan(1_000_000);
  }
}
