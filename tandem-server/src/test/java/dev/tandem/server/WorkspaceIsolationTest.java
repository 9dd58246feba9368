package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.connector.memory.MemoryApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceIsolationTest {
  @TempDir Path dir;
  TestServer t;
  Http admin;
  Http bob;
  String app = "iso-" + UUID.randomUUID();

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    admin = t.admin();
    assertThat(
            admin
                .post(
                    "/api/users",
                    Map.of("name", "bob", "password", "bob-password", "workspace", "acme"))
                .status())
        .isEqualTo(201);
    bob = t.anonymous().basic("bob", "bob-password");
    for (Http who : List.of(admin, bob)) {
      for (String side : List.of("left", "right")) {
        assertThat(
                who.post(
                        "/api/accounts",
                        Map.of(
                            "name", side, "type", "memory", "settings", Map.of("name", app + side)))
                    .status())
            .isEqualTo(201);
      }
    }
    assertThat(
            admin
                .post(
                    "/api/connections",
                    Map.of(
                        "name",
                        "secret-crm",
                        "a",
                        "left",
                        "b",
                        "right",
                        "objects",
                        Map.of("contact", Map.of())))
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() {
    t.close();
    MemoryApp.forget(app + "left");
    MemoryApp.forget(app + "right");
  }

  @Test
  void anotherWorkspacesConnectionIsNotFoundAndNotListed() {
    assertThat(bob.get("/api/connections").items()).isEmpty();
    for (String path :
        List.of(
            "/api/connections/secret-crm",
            "/api/connections/secret-crm/runs",
            "/api/connections/secret-crm/health",
            "/api/connections/secret-crm/activity")) {
      Http.Response r = bob.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.json().get("error").toString()).contains("no connection named 'secret-crm'");
    }
    for (String action : List.of("pause", "resume", "sync", "dry-run", "health/a/1/retry")) {
      assertThat(bob.post("/api/connections/secret-crm/" + action, null).status())
          .as(action)
          .isEqualTo(404);
    }
    assertThat(
            bob.put(
                    "/api/connections/secret-crm",
                    Map.of("a", "left", "b", "right", "objects", Map.of("contact", Map.of())))
                .status())
        .isEqualTo(404);
    assertThat(bob.delete("/api/connections/secret-crm").status()).isEqualTo(404);
    // The id form of the name does not reach across either.
    assertThat(bob.get("/api/connections/default:secret-crm").status()).isEqualTo(404);

    assertThat(admin.get("/api/connections/secret-crm").status()).isEqualTo(200);
    assertThat(t.reloaded).containsExactly("secret-crm");
  }

  @Test
  void sameNamesLiveSideBySideInTwoWorkspaces() {
    Http.Response mine =
        bob.post(
            "/api/connections",
            Map.of(
                "name",
                "secret-crm",
                "a",
                "left",
                "b",
                "right",
                "objects",
                Map.of("contact", Map.of())));
    assertThat(mine.status()).as(mine.body()).isEqualTo(201);
    assertThat(mine.json()).containsEntry("id", "acme:secret-crm");
    assertThat(bob.get("/api/connections").items())
        .extracting(m -> m.get("id"))
        .containsExactly("acme:secret-crm");
    assertThat(admin.get("/api/connections").items())
        .extracting(m -> m.get("id"))
        .containsExactly("secret-crm");
    assertThat(bob.delete("/api/connections/secret-crm").status()).isEqualTo(204);
    assertThat(admin.get("/api/connections/secret-crm").status()).isEqualTo(200);
  }

  @Test
  void accountsAreIsolatedToo() {
    assertThat(bob.get("/api/accounts").items()).hasSize(2);
    assertThat(bob.delete("/api/accounts/left").status()).isEqualTo(204);
    assertThat(admin.get("/api/accounts/left").status()).isEqualTo(200);
    assertThat(bob.get("/api/accounts/left").status()).isEqualTo(404);
    assertThat(bob.put("/api/accounts/left", Map.of("type", "memory")).status()).isEqualTo(404);
    // A connection can only name accounts of its own workspace.
    Http.Response r =
        bob.post(
            "/api/connections",
            Map.of("name", "x", "a", "left", "b", "right", "objects", Map.of("contact", Map.of())));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").toString()).contains("names app 'left'");
  }

  @Test
  void membersSeeOnlyTheirWorkspacesUsersAndTheirOwnTokens() {
    assertThat(bob.get("/api/users").items()).extracting(m -> m.get("name")).containsExactly("bob");
    assertThat(admin.get("/api/users").items())
        .extracting(m -> m.get("name"))
        .containsExactly("admin", "bob");
    Http.Response token = admin.post("/api/tokens", Map.of("name", "admin's"));
    assertThat(bob.get("/api/tokens").items()).isEmpty();
    assertThat(bob.delete("/api/tokens/" + token.json().get("id")).status()).isEqualTo(404);
    assertThat(bob.put("/api/users/admin/password", Map.of("password", "taken-over")).status())
        .isEqualTo(403);
  }
}
