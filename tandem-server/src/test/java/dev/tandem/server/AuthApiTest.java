package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthApiTest {
  @TempDir Path dir;
  TestServer t;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void withoutCredentialsEveryApiRouteAnswers401WithAChallenge() {
    for (String path :
        new String[] {"/api/me", "/api/accounts", "/api/connections", "/api/tokens"}) {
      Http.Response r = t.anonymous().get(path);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=\"tandem\"");
      assertThat(r.json()).containsEntry("error", "authentication required");
    }
    assertThat(t.anonymous().post("/api/connections", Map.of("name", "x")).status()).isEqualTo(401);
  }

  @Test
  void aWrongPasswordOrUnknownUserOrMalformedHeaderIs401() {
    assertThat(t.anonymous().basic("admin", "wrong-password").get("/api/me").status())
        .isEqualTo(401);
    assertThat(t.anonymous().basic("nobody", TestServer.ADMIN_PASSWORD).get("/api/me").status())
        .isEqualTo(401);
    assertThat(t.anonymous().bearer("tdm_not-a-token").get("/api/me").status()).isEqualTo(401);
    assertThat(
            t.anonymous().withHeaders(Map.of("Authorization", "Basic %%%")).get("/api/me").status())
        .isEqualTo(401);
  }

  @Test
  void basicAuthWithTheFirstAdminsPasswordWorks() {
    Http.Response r = t.admin().get("/api/me");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json())
        .containsEntry("name", "admin")
        .containsEntry("workspace", "default")
        .containsEntry("admin", true)
        .containsEntry("via", "basic");
  }

  @Test
  void apiTokensAreShownOnceWorkAsBearerAndStopWorkingWhenRevoked() {
    Http.Response created = t.admin().post("/api/tokens", Map.of("name", "ci"));
    assertThat(created.status()).isEqualTo(201);
    String token = (String) created.json().get("token");
    String id = (String) created.json().get("id");
    assertThat(token).startsWith("tdm_");

    Http bearer = t.anonymous().bearer(token);
    assertThat(bearer.get("/api/me").json()).containsEntry("via", "token");
    Http.Response list = t.admin().get("/api/tokens");
    assertThat(list.items()).hasSize(1);
    assertThat(list.items().get(0)).containsEntry("name", "ci").doesNotContainKey("token");
    assertThat(list.body()).doesNotContain(token);
    assertThat(list.items().get(0).get("lastUsedAt")).isNotNull();

    assertThat(bearer.delete("/api/tokens/" + id).status()).isEqualTo(204);
    Http.Response after = bearer.get("/api/me");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.header("WWW-Authenticate")).isNotNull();
    assertThat(t.admin().delete("/api/tokens/" + id).status()).isEqualTo(404);
  }

  @Test
  void aSessionCookieNeedsTheCsrfTokenForChanges() {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    Http http = Http.anonymous(browser, t.url());
    Http.Response login =
        http.post("/api/session", Map.of("name", "admin", "password", TestServer.ADMIN_PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    String cookie = login.header("Set-Cookie");
    assertThat(cookie).contains("tandem_session=").contains("HttpOnly").contains("SameSite=Lax");
    assertThat(cookie).doesNotContain("Secure"); // plain HTTP
    String csrf = (String) login.json().get("csrfToken");

    assertThat(http.get("/api/me").json()).containsEntry("via", "session");
    Http.Response forged = http.post("/api/tokens", Map.of("name", "x"));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.json().get("error").toString()).contains("CSRF");
    assertThat(
            http.withHeaders(Map.of("X-CSRF-Token", "wrong"))
                .post("/api/tokens", Map.of())
                .status())
        .isEqualTo(403);
    assertThat(
            http.withHeaders(Map.of("X-CSRF-Token", csrf)).post("/api/tokens", Map.of()).status())
        .isEqualTo(201);

    assertThat(http.withHeaders(Map.of("X-CSRF-Token", csrf)).delete("/api/session").status())
        .isEqualTo(204);
    assertThat(http.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void sessionsSurviveARestartOfTheServer() {
    Http.Response login =
        t.anonymous()
            .post("/api/session", Map.of("name", "admin", "password", TestServer.ADMIN_PASSWORD));
    String cookie = login.header("Set-Cookie").split(";")[0];
    t.server.stop();
    try (TandemServer again =
        TandemServer.builder(t.context, t.sync)
            .settings(ServerSettings.http("127.0.0.1", 0))
            .build()
            .start()) {
      Http.Response me =
          Http.anonymous(again.url()).withHeaders(Map.of("Cookie", cookie)).get("/api/me");
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.json()).containsEntry("via", "session");
    }
  }

  @Test
  void passwordGuessingFromOneAddressIsSlowedDown() {
    Http guesser = t.anonymous();
    for (int i = 0; i < 10; i++) {
      assertThat(guesser.basic("admin", "guess-" + i).get("/api/me").status()).isEqualTo(401);
    }
    Http.Response blocked = t.admin().get("/api/me");
    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.json().get("error").toString()).contains("too many wrong passwords");
    assertThat(
            guesser
                .post(
                    "/api/session", Map.of("name", "admin", "password", TestServer.ADMIN_PASSWORD))
                .status())
        .isEqualTo(429);
    // API tokens are not guessable and keep working.
    String token = t.context.tokens().create("admin", "t").token();
    assertThat(guesser.bearer(token).get("/api/me").status()).isEqualTo(200);
  }

  @Test
  void aWrongLoginIs401() {
    Http.Response r =
        t.anonymous().post("/api/session", Map.of("name", "admin", "password", "nope-nope"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("Set-Cookie")).isNull();
  }

  @Test
  void onlyAdminsCreateUsersAndNewUsersCanLogIn() {
    Http.Response created =
        t.admin()
            .post(
                "/api/users",
                Map.of("name", "bob", "password", "bob-password", "workspace", "acme"));
    assertThat(created.status()).isEqualTo(201);
    Http bob = t.anonymous().basic("bob", "bob-password");
    assertThat(bob.get("/api/me").json())
        .containsEntry("workspace", "acme")
        .containsEntry("admin", false);
    Http.Response refused =
        bob.post("/api/users", Map.of("name", "eve", "password", "eve-password"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(
            t.admin().post("/api/users", Map.of("name", "bob", "password", "another-one")).status())
        .isEqualTo(409);
    Http.Response shortPw =
        t.admin().post("/api/users", Map.of("name", "carl", "password", "short"));
    assertThat(shortPw.status()).isEqualTo(400);
    assertThat(shortPw.json().get("error").toString()).contains("password");

    assertThat(bob.put("/api/users/bob/password", Map.of("password", "new-bob-password")).status())
        .isEqualTo(204);
    assertThat(bob.get("/api/me").status()).isEqualTo(401);
    assertThat(t.anonymous().basic("bob", "new-bob-password").get("/api/me").status())
        .isEqualTo(200);
  }

  @Test
  void publicRoutesNeedNoCredentials() {
    assertThat(t.anonymous().get("/healthz").json()).containsEntry("status", "ok");
    assertThat(t.anonymous().get("/api/openapi.json").json()).containsKey("paths");
    assertThat(t.anonymous().get("/metrics").status()).isEqualTo(200);
  }

  @Test
  void unknownApiRoutesAnswerJson404ForKnownCallers() {
    Http.Response r = t.admin().get("/api/nothing-here");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").toString()).contains("not found");
  }
}
