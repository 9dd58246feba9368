package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.core.model.ObjectType;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import dev.tandem.engine.service.LiveState;
import dev.tandem.engine.store.RunRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogApiTest {
  @TempDir Path dir;
  TestServer t;
  Http admin;
  String left;
  String right;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    admin = t.admin();
    left = "left-" + UUID.randomUUID();
    right = "right-" + UUID.randomUUID();
  }

  @AfterEach
  void stop() {
    t.close();
    MemoryApp.forget(left);
    MemoryApp.forget(right);
  }

  private void memoryAccounts() {
    assertThat(
            admin
                .post(
                    "/api/accounts",
                    Map.of("name", "left", "type", "memory", "settings", Map.of("name", left)))
                .status())
        .isEqualTo(201);
    assertThat(
            admin
                .post(
                    "/api/accounts",
                    Map.of("name", "right", "type", "memory", "settings", Map.of("name", right)))
                .status())
        .isEqualTo(201);
  }

  private static final String DEFINITION =
      """
      {
        "name": "people",
        "a": "left",
        "b": "right",
        "every": "1m",
        "objects": {"contact": {"match": "email"}}
      }
      """;

  @Test
  void credentialsAreNeverReturnedNorStoredInPlainText() throws Exception {
    String token = "pat-na1-" + UUID.randomUUID();
    try (HubSpotEmulator hs = HubSpotEmulator.builder().token(token).contacts(3).build().start()) {
      Http.Response created =
          admin.post(
              "/api/accounts",
              Map.of(
                  "name",
                  "crm",
                  "type",
                  "hubspot",
                  "settings",
                  Map.of("url", hs.baseUrl(), "token", token)));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(created.json()).containsEntry("credentials", List.of("token"));
      assertThat(created.json().get("settings"))
          .isEqualTo(Map.of("url", hs.baseUrl(), "token", "********"));

      // Updating without the token keeps it: the account still works for a sync.
      Http.Response updated =
          admin.put(
              "/api/accounts/crm",
              Map.of("type", "hubspot", "settings", Map.of("url", hs.baseUrl(), "page-size", 50)));
      assertThat(updated.status()).as(updated.body()).isEqualTo(200);
      assertThat(updated.json().get("settings"))
          .isEqualTo(Map.of("url", hs.baseUrl(), "page-size", 50, "token", "********"));
      memoryAccounts();
      assertThat(
              admin
                  .post("/api/connections", DEFINITION.replace("\"a\": \"left\"", "\"a\": \"crm\""))
                  .status())
          .isEqualTo(201);
      // The service's initial sync reads HubSpot with the stored token: its 3 contacts reach B.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(t.store.runs("people", 10))
                      .extracting(r -> r.kind() + " " + r.status())
                      .containsExactly("initial completed"));
      assertThat(MemoryApp.named(right).size(ObjectType.CONTACT)).isEqualTo(3);
      Http.Response dry = admin.post("/api/connections/people/dry-run", null);
      assertThat(dry.status()).as(dry.body()).isEqualTo(200);
      assertThat(dry.json()).containsEntry("status", "completed");
      assertThat((List<?>) dry.json().get("plan")).isEmpty();

      List<Http.Response> every =
          List.of(
              admin.get("/api/accounts"),
              admin.get("/api/accounts/crm"),
              admin.get("/api/connections"),
              admin.get("/api/connections/people"),
              admin.get("/api/connections/people/runs"),
              admin.get("/api/connections/people/activity"),
              admin.get("/api/connections/people/health"),
              dry,
              created,
              updated);
      for (Http.Response r : every) {
        assertThat(r.body()).doesNotContain(token);
      }
    }
    t.close();
    byte[] db = Files.readAllBytes(dir.resolve("tandem.db"));
    Path wal = dir.resolve("tandem.db-wal");
    String all =
        new String(db, StandardCharsets.ISO_8859_1)
            + (Files.exists(wal) ? Files.readString(wal, StandardCharsets.ISO_8859_1) : "");
    assertThat(all).contains("crm").doesNotContain(token).doesNotContain(token.substring(8));
    assertThat(all).doesNotContain(TestServer.ADMIN_PASSWORD);
    assertThat(Files.getPosixFilePermissions(dir.resolve("secret.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    t = new TestServer(dir); // for stop()
  }

  @Test
  @SuppressWarnings("unchecked")
  void appTypesListTheirCredentialSettings() {
    List<Map<String, Object>> apps = admin.get("/api/apps").items();
    Map<String, Object> hubspot =
        apps.stream().filter(a -> a.get("type").equals("hubspot")).findFirst().orElseThrow();
    assertThat((List<String>) hubspot.get("credentials")).contains("token", "client-secret");
    assertThat(apps).extracting(a -> a.get("type")).contains("memory");
  }

  @Test
  void accountsAreCheckedByTheirConnector() {
    Http.Response unknownType =
        admin.post("/api/accounts", Map.of("name", "x", "type", "nosuchapp", "settings", Map.of()));
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.json().get("error").toString())
        .contains("type 'nosuchapp' is unknown")
        .contains("memory");
    Http.Response missing =
        admin.post("/api/accounts", Map.of("name", "x", "type", "memory", "settings", Map.of()));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("error").toString()).contains("app 'x'").contains("'name'");
    Http.Response badName = admin.post("/api/accounts", Map.of("name", "a b/c", "type", "memory"));
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.json().get("error").toString()).contains("account name");
    assertThat(admin.post("/api/accounts", "{not json").status()).isEqualTo(400);

    memoryAccounts();
    Http.Response dup =
        admin.post(
            "/api/accounts",
            Map.of("name", "left", "type", "memory", "settings", Map.of("name", "z")));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(admin.get("/api/accounts").items())
        .extracting(m -> m.get("name"))
        .containsExactly("left", "right");
    assertThat(admin.get("/api/accounts/nope").status()).isEqualTo(404);
  }

  @Test
  void connectionsAreCreatedReadChangedAndDeleted() {
    memoryAccounts();
    Http.Response created = admin.post("/api/connections", DEFINITION);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json())
        .containsEntry("name", "people")
        .containsEntry("id", "people")
        .containsEntry("a", "left")
        .containsEntry("every", "1m");
    assertThat(t.reloaded).containsExactly("people");
    // The reload scheduled the new connection: the service runs its initial sync on its own.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(t.store.runs("people", 10))
                  .extracting(RunRecord::kind)
                  .containsExactly("initial");
              assertThat(t.sync.status("people").state()).isEqualTo(LiveState.LISTENING);
            });

    Http.Response list = admin.get("/api/connections");
    assertThat(list.items()).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) list.items().get(0).get("status");
    assertThat(status).containsEntry("state", "listening");

    Http.Response changed =
        admin.put(
            "/api/connections/people",
            Map.of(
                "a",
                "left",
                "b",
                "right",
                "every",
                "2h",
                "objects",
                Map.of("contact", Map.of("conflict", "a-wins"))));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json()).containsEntry("every", "2h");
    assertThat(admin.get("/api/connections/people").json().get("definition").toString())
        .contains("a-wins");
    assertThat(t.reloaded).containsExactly("people", "people");

    Http.Response rename =
        admin.put("/api/connections/people", DEFINITION.replace("\"people\"", "\"others\""));
    assertThat(rename.status()).isEqualTo(400);
    assertThat(rename.json().get("error").toString()).contains("renamed");
    assertThat(admin.post("/api/connections", DEFINITION).status()).isEqualTo(409);

    Http.Response inUse = admin.delete("/api/accounts/left");
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.json().get("error").toString()).contains("connection 'people'");

    assertThat(admin.delete("/api/connections/people").status()).isEqualTo(204);
    assertThat(admin.get("/api/connections/people").status()).isEqualTo(404);
    assertThat(admin.delete("/api/accounts/left").status()).isEqualTo(204);
  }

  @Test
  void aBadDefinitionIs400NamingTheFieldAndLine() {
    memoryAccounts();
    String badRule =
        """
        {
          "name": "people",
          "a": "left",
          "b": "right",
          "objects": {
            "contact": {
              "rules": [
                {"direction": "a-to-b", "when": "lifecyclestage = = customer"}
              ]
            }
          }
        }
        """;
    Http.Response r = admin.post("/api/connections", badRule);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").toString())
        .startsWith("definition:8: bad rule 'lifecyclestage = = customer'");

    Http.Response unknownAccount =
        admin.post("/api/connections", DEFINITION.replace("\"b\": \"right\"", "\"b\": \"erp\""));
    assertThat(unknownAccount.status()).isEqualTo(400);
    assertThat(unknownAccount.json().get("error").toString())
        .contains("'b' names app 'erp'")
        .contains("left, right");

    Http.Response unknownKey =
        admin.post("/api/connections", DEFINITION.replace("\"every\"", "\"evry\""));
    assertThat(unknownKey.status()).isEqualTo(400);
    assertThat(unknownKey.json().get("error").toString()).contains("unknown key 'evry'");

    Http.Response badDirection =
        admin.post(
            "/api/connections",
            DEFINITION.replace(
                "{\"match\": \"email\"}",
                "{\"fields\": [{\"a\": \"phone\", \"b\": \"phone\", \"direction\": \"sideways\"}]}"));
    assertThat(badDirection.status()).isEqualTo(400);
    assertThat(badDirection.json().get("error").toString())
        .contains("unknown direction 'sideways'");

    Http.Response env =
        admin.post("/api/connections", DEFINITION.replace("\"a\": \"left\"", "\"a\": \"${HOME}\""));
    assertThat(env.status()).isEqualTo(400);
    assertThat(env.json().get("error").toString()).contains("names app '${HOME}'");
    assertThat(admin.get("/api/connections").items()).isEmpty();
  }

  @Test
  void syncDryRunPauseAndResume() {
    memoryAccounts();
    MemoryApp.named(left)
        .put(ObjectType.CONTACT, Map.of("email", "ann@example.com", "firstName", "Ann"));
    MemoryApp.named(left)
        .put(ObjectType.CONTACT, Map.of("email", "bob@example.com", "firstName", "Bob"));
    assertThat(admin.post("/api/connections", DEFINITION).status()).isEqualTo(201);

    // Creating the connection schedules its initial sync, which the service runs on its own.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(admin.get("/api/connections/people/runs").items())
                    .singleElement()
                    .satisfies(
                        r ->
                            assertThat(r)
                                .containsEntry("status", "completed")
                                .containsEntry("kind", "initial")));
    assertThat(MemoryApp.named(right).size(ObjectType.CONTACT)).isEqualTo(2);

    MemoryApp.named(left)
        .put(ObjectType.CONTACT, Map.of("email", "cat@example.com", "firstName", "Cat"));
    Http.Response dry = admin.post("/api/connections/people/dry-run", null);
    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat((List<?>) dry.json().get("plan")).hasSize(1);
    assertThat(MemoryApp.named(right).size(ObjectType.CONTACT)).isEqualTo(2);

    Http.Response sync = admin.post("/api/connections/people/sync", null);
    assertThat(sync.status()).isEqualTo(202);
    assertThat(sync.json()).containsEntry("status", "started");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(admin.get("/api/connections/people/runs").items())
                  .extracting(r -> r.get("kind") + " " + r.get("status"))
                  .containsExactly("incremental completed", "initial completed");
              assertThat(t.sync.status("people").state()).isEqualTo(LiveState.LISTENING);
            });
    assertThat(MemoryApp.named(right).size(ObjectType.CONTACT)).isEqualTo(3);
    assertThat(admin.get("/api/connections/people/activity").items()).isNotEmpty();
    assertThat(t.anonymous().get("/metrics").body())
        .contains(
            "tandem_runs_total{connection=\"people\",kind=\"initial\",status=\"completed\"} 1.0")
        .contains(
            "tandem_runs_total{connection=\"people\",kind=\"incremental\",status=\"completed\"}"
                + " 1.0")
        .contains("tandem_records_synced_total{connection=\"people\"} 3.0")
        .contains("tandem_api_calls_total{app=\"memory\"");

    Http.Response paused = admin.post("/api/connections/people/pause", null);
    assertThat(paused.json()).containsEntry("state", "paused");
    assertThat(admin.get("/api/connections/people").json().get("status").toString())
        .contains("paused");
    assertThat(admin.post("/api/connections/people/resume", null).json())
        .containsEntry("state", "listening");
    assertThat(admin.post("/api/connections/nope/pause", null).status()).isEqualTo(404);
  }
}
