package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.engine.store.ActivityEntry;
import dev.tandem.engine.store.HealthEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.SyncKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryApiTest {
  @TempDir Path dir;
  TestServer t;
  Http admin;
  String app = "hist-" + UUID.randomUUID();
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    admin = t.admin();
    for (String side : List.of("left", "right")) {
      admin.post(
          "/api/accounts",
          Map.of("name", side, "type", "memory", "settings", Map.of("name", app + side)));
    }
    assertThat(
            admin
                .post(
                    "/api/connections",
                    Map.of(
                        "name",
                        "people",
                        "a",
                        "left",
                        "b",
                        "right",
                        "objects",
                        Map.of("contact", Map.of(), "company", Map.of())))
                .status())
        .isEqualTo(201);
    // The service runs the new connection's initial sync on its own; the history below is written
    // after it, as a later run would have left it.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(t.store.runs("people", 10))
                    .extracting(r -> r.kind() + " " + r.status())
                    .containsExactly("initial completed"));
    // 7 failing contacts, 3 excluded contacts, 4 failing companies, at distinct times.
    List<HealthEntry> contacts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      HealthState s = i < 7 ? HealthState.FAILING : HealthState.EXCLUDED;
      contacts.add(
          new HealthEntry(
              Side.A, "c" + i, s, "reason " + i, 1, T0.plusSeconds(3600), T0.plusSeconds(i * 2)));
    }
    t.store.putHealth(new SyncKey("people", ObjectType.CONTACT), contacts);
    List<HealthEntry> companies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      companies.add(
          new HealthEntry(
              Side.B,
              "k" + i,
              HealthState.FAILING,
              "bad domain",
              2,
              T0.plusSeconds(3600),
              T0.plusSeconds(i * 2 + 1)));
    }
    t.store.putHealth(new SyncKey("people", ObjectType.COMPANY), companies);
    List<ActivityEntry> activity = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      activity.add(
          new ActivityEntry(
              1,
              "people",
              ObjectType.CONTACT,
              Side.B,
              "r" + i,
              "updated",
              Map.of("phone", java.util.Arrays.asList("1", "2")),
              "changed in A",
              T0.plusSeconds(i)));
    }
    t.store.addActivity(activity);
  }

  @AfterEach
  void stop() {
    t.close();
    MemoryApp.forget(app + "left");
    MemoryApp.forget(app + "right");
  }

  @Test
  void healthIsFilteredByStateAndTypeAndPagedNewestFirst() {
    Http.Response p1 = admin.get("/api/connections/people/health?state=failing&size=5");
    assertThat(p1.status()).as(p1.body()).isEqualTo(200);
    assertThat(p1.items())
        .extracting(m -> m.get("id"))
        .containsExactly("c6", "c5", "c4", "k3", "c3");
    assertThat(p1.json()).containsEntry("more", true).containsEntry("page", 1);
    Http.Response p2 = admin.get("/api/connections/people/health?state=failing&size=5&page=2");
    assertThat(p2.items())
        .extracting(m -> m.get("id"))
        .containsExactly("k2", "c2", "k1", "c1", "k0");
    Http.Response p3 = admin.get("/api/connections/people/health?state=failing&size=5&page=3");
    assertThat(p3.items()).extracting(m -> m.get("id")).containsExactly("c0");
    assertThat(p3.json()).containsEntry("more", false);
    assertThat(p1.items().get(3))
        .containsEntry("type", "company")
        .containsEntry("side", "b")
        .containsEntry("state", "failing")
        .containsEntry("reason", "bad domain");

    assertThat(admin.get("/api/connections/people/health?state=excluded").items()).hasSize(3);
    assertThat(admin.get("/api/connections/people/health?type=company").items()).hasSize(4);
    assertThat(admin.get("/api/connections/people/health").items()).hasSize(14);
    Map<String, Object> counts =
        (Map<String, Object>) admin.get("/api/connections/people").json().get("records");
    assertThat(counts).containsEntry("failing", 11).containsEntry("excluded", 3);

    Http.Response bad = admin.get("/api/connections/people/health?state=sad");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").toString())
        .contains("state must be one of")
        .contains("failing");
    assertThat(admin.get("/api/connections/people/health?page=0").status()).isEqualTo(400);
    assertThat(admin.get("/api/connections/people/health?size=x").json().get("error").toString())
        .contains("size");
  }

  @Test
  void activityIsPagedNewestFirst() {
    Http.Response p1 = admin.get("/api/connections/people/activity?size=10");
    assertThat(p1.items()).hasSize(10);
    assertThat(p1.items().get(0))
        .containsEntry("recordId", "r24")
        .containsEntry("action", "updated");
    assertThat(p1.items().get(0).get("changes")).isEqualTo(Map.of("phone", List.of("1", "2")));
    Http.Response p3 = admin.get("/api/connections/people/activity?size=10&page=3");
    assertThat(p3.items())
        .extracting(m -> m.get("recordId"))
        .containsExactly("r4", "r3", "r2", "r1", "r0");
    assertThat(p3.json()).containsEntry("more", false);
    assertThat(admin.get("/api/connections/people/activity?size=10&page=4").items()).isEmpty();
  }

  @Test
  void retryMakesAFailingRecordDueNow() {
    Instant before = Instant.now();
    Http.Response r = admin.post("/api/connections/people/health/b/k2/retry", null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json()).containsEntry("type", "company").containsEntry("id", "k2");
    List<HealthEntry> due =
        t.store.dueRetries(new SyncKey("people", ObjectType.COMPANY), Instant.now().plusMillis(1));
    assertThat(due).extracting(HealthEntry::id).contains("k2");
    assertThat(
            t.store
                .health(new SyncKey("people", ObjectType.COMPANY), Side.B, "k2")
                .get()
                .nextAttempt())
        .isBetween(before.minusMillis(1), Instant.now());

    assertThat(admin.post("/api/connections/people/health/a/k2/retry", null).status())
        .isEqualTo(404);
    assertThat(admin.post("/api/connections/people/health/c/k2/retry", null).status())
        .isEqualTo(400);
  }

  @Test
  void runsArePaged() {
    for (int i = 0; i < 3; i++) {
      assertThat(admin.post("/api/connections/people/sync", null).status()).isEqualTo(202);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(t.store.runs("people", 10)).hasSize(4));
    Http.Response p1 = admin.get("/api/connections/people/runs?size=2");
    assertThat(p1.items())
        .extracting(m -> m.get("kind"))
        .containsExactly("incremental", "incremental");
    assertThat(p1.json()).containsEntry("more", true);
    Http.Response p2 = admin.get("/api/connections/people/runs?size=2&page=2");
    assertThat(p2.items()).extracting(m -> m.get("kind")).containsExactly("incremental", "initial");
    assertThat(p2.json()).containsEntry("more", false);
  }
}
