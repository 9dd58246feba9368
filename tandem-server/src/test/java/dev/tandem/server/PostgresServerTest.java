package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.core.model.ObjectType;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's tables and API on PostgreSQL, the production store. */
class PostgresServerTest {
  static EmbeddedPostgres pg;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE tandem_server");
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void usersTokensAccountsConnectionsAndRunsWorkOnPostgres() throws Exception {
    String url = pg.getJdbcUrl("postgres", "tandem_server");
    String app = "pg-" + UUID.randomUUID();
    String token = "pat-" + UUID.randomUUID();
    StateStore store = StateStores.postgres(url, "postgres", null);
    try (TestServer t = new TestServer(dir, store, ServerSettings.http("127.0.0.1", 0))) {
      assertThat(store.isPostgres()).isTrue();
      Http admin = t.admin();
      assertThat(
              admin
                  .post(
                      "/api/users",
                      Map.of("name", "bob", "password", "bob-password", "workspace", "acme"))
                  .status())
          .isEqualTo(201);
      String bearer = (String) admin.post("/api/tokens", Map.of("name", "t")).json().get("token");
      Http api = t.anonymous().bearer(bearer);
      assertThat(
              api.post(
                      "/api/accounts",
                      Map.of(
                          "name", "left", "type", "memory", "settings", Map.of("name", app + "l")))
                  .status())
          .isEqualTo(201);
      Http.Response hub =
          api.post(
              "/api/accounts",
              Map.of(
                  "name",
                  "hub",
                  "type",
                  "hubspot",
                  "settings",
                  Map.of("url", "http://127.0.0.1:9", "token", token)));
      assertThat(hub.status()).as(hub.body()).isEqualTo(201);
      assertThat(
              api.post(
                      "/api/accounts",
                      Map.of(
                          "name", "right", "type", "memory", "settings", Map.of("name", app + "r")))
                  .status())
          .isEqualTo(201);
      assertThat(
              api.post(
                      "/api/connections",
                      Map.of(
                          "name",
                          "people",
                          "a",
                          "left",
                          "b",
                          "right",
                          "objects",
                          Map.of("contact", Map.of())))
                  .status())
          .isEqualTo(201);
      MemoryApp.named(app + "l").put(ObjectType.CONTACT, Map.of("email", "ann@example.com"));
      assertThat(api.post("/api/connections/people/sync", null).status()).isEqualTo(202);
      // The service's own initial sync of the new connection, then the one asked for.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(api.get("/api/connections/people/runs").items())
                      .extracting(r -> r.get("kind") + " " + r.get("status"))
                      .containsExactly("incremental completed", "initial completed"));
      assertThat(MemoryApp.named(app + "r").size(ObjectType.CONTACT)).isEqualTo(1);
      assertThat(api.get("/api/connections/people/activity").items()).isNotEmpty();
      assertThat(t.anonymous().basic("bob", "bob-password").get("/api/connections/people").status())
          .isEqualTo(404);
      assertThat(t.anonymous().get("/healthz").json()).containsEntry("status", "ok");

      try (Connection c = store.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT settings, secret FROM accounts WHERE name = 'hub'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).doesNotContain(token);
        assertThat(rs.getString(2)).startsWith("token|v1:").doesNotContain(token);
      }
    } finally {
      MemoryApp.forget(app + "l");
      MemoryApp.forget(app + "r");
    }
  }
}
