package dev.tandem.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.engine.service.LiveState;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's protections at the HTTP level, where a browser would hide them: login and CSRF,
 * workspace isolation, escaping and the security headers.
 */
class DashboardHttpTest {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @TempDir static Path dir;
  static DashboardFixture fx;

  @BeforeAll
  static void start() throws IOException {
    fx = new DashboardFixture(dir);
    fx.context.users().create("eve", "eve-password-1", "other", false);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  /** A browser-like client: keeps cookies, does not follow redirects. */
  static final class Client {
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String csrf;

    HttpResponse<String> get(String path) throws Exception {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(fx.url(path))).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = CSRF.matcher(r.body());
      if (m.find()) {
        csrf = m.group(1);
      }
      return r;
    }

    HttpResponse<String> post(String path, Map<String, String> form, boolean htmxToken)
        throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(fx.url(path)))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      form.entrySet().stream()
                          .map(
                              e ->
                                  e.getKey()
                                      + "="
                                      + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                          .collect(Collectors.joining("&"))));
      if (htmxToken) {
        b.header("HX-Request", "true").header("X-CSRF-Token", csrf);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Client logIn(String user, String password) throws Exception {
      get("/login");
      HttpResponse<String> r =
          post("/login", Map.of("_csrf", csrf, "user", user, "password", password), false);
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).hasValue("/connections");
      get("/connections");
      return this;
    }
  }

  @Test
  void pagesNeedALoginAndTheLoginFormNeedsItsToken() throws Exception {
    Client c = new Client();
    HttpResponse<String> page = c.get("/connections/people");
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).hasValue("/login");

    HttpResponse<String> htmx = c.post("/connections/people/sync", Map.of(), false);
    assertThat(htmx.statusCode()).isEqualTo(401);

    // A login posted from another site has no token from our form.
    HttpResponse<String> forged =
        c.post(
            "/login",
            Map.of("_csrf", "forged", "user", "admin", "password", DashboardFixture.PASSWORD),
            false);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("expired");

    c.logIn("admin", DashboardFixture.PASSWORD);
    assertThat(c.get("/connections/people").statusCode()).isEqualTo(200);

    HttpResponse<String> out = c.post("/logout", Map.of("_csrf", c.csrf), false);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(c.get("/connections/people").statusCode()).isEqualTo(303);
  }

  @Test
  void aPostWithoutTheCsrfTokenChangesNothing() throws Exception {
    Client c = new Client().logIn("admin", DashboardFixture.PASSWORD);
    HttpResponse<String> r = c.post("/connections/people/pause", Map.of(), false);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("CSRF");
    assertThat(fx.sync.status(fx.id("people")).state()).isEqualTo(LiveState.LISTENING);

    HttpResponse<String> ok = c.post("/connections/people/pause", Map.of(), true);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("data-state=\"paused\"");
    assertThat(fx.sync.status(fx.id("people")).state()).isEqualTo(LiveState.PAUSED);
    int runs = fx.store.runs(fx.id("people"), 100).size();
    c.post("/connections/people/resume", Map.of(), true);
    // Resuming runs the connection at once; then it listens again.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(fx.store.runs(fx.id("people"), 100)).hasSize(runs + 1);
              assertThat(fx.sync.status(fx.id("people")).state()).isEqualTo(LiveState.LISTENING);
            });
  }

  @Test
  void anotherWorkspacesUserSeesAndChangesNothing() throws Exception {
    Client eve = new Client().logIn("eve", "eve-password-1");
    HttpResponse<String> list = eve.get("/connections");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).doesNotContain("people").contains("No connections");

    int runs = fx.store.runs(fx.id("people"), 100).size();
    for (String path :
        new String[] {
          "/connections/people",
          "/connections/people/health",
          "/connections/people/activity",
          "/connections/people/runs"
        }) {
      HttpResponse<String> r = eve.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).contains("no connection named");
    }
    assertThat(eve.post("/connections/people/sync", Map.of(), true).statusCode()).isEqualTo(404);
    assertThat(
            eve.post(
                    "/connections/people/objects/contact/rules",
                    Map.of("_csrf", eve.csrf, "direction", "a-to-b", "when", ""),
                    false)
                .statusCode())
        .isEqualTo(404);
    assertThat(fx.store.runs(fx.id("people"), 100)).hasSize(runs);
    assertThat(
            fx.context.catalog().connection("default", "people").parsed().objects().get(0).rules())
        .isEmpty();
  }

  @Test
  void userDataIsEscapedAndPagesCarryASecurityPolicy() throws Exception {
    Client c = new Client().logIn("admin", DashboardFixture.PASSWORD);
    HttpResponse<String> activity = c.get("/connections/people/activity");
    assertThat(activity.body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)");
    assertThat(activity.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
    assertThat(activity.headers().firstValue("X-Frame-Options")).hasValue("DENY");

    HttpResponse<String> htmx = c.get("/assets/htmx.min.js");
    assertThat(htmx.statusCode()).isEqualTo(200);
    assertThat(htmx.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
    assertThat(htmx.body()).contains("htmx");
  }

  @Test
  void anApiTokenCreatedInTheDashboardIsShownOnceAndWorksUntilRevoked() throws Exception {
    Client c = new Client().logIn("admin", DashboardFixture.PASSWORD);
    HttpResponse<String> created =
        c.post("/tokens", Map.of("_csrf", c.csrf, "label", "nightly <export>"), false);
    assertThat(created.statusCode()).isEqualTo(200);
    Matcher m =
        Pattern.compile("id=\"new-token\" class=\"token\">(tdm_[A-Za-z0-9_-]+)<")
            .matcher(created.body());
    assertThat(m.find()).as("the new token is shown").isTrue();
    String token = m.group(1);
    assertThat(created.body()).contains("nightly &lt;export&gt;");

    HttpResponse<String> me = bearer(token);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("admin");

    HttpResponse<String> list = c.get("/tokens");
    assertThat(list.body()).doesNotContain(token).contains("nightly &lt;export&gt;");
    Matcher id = Pattern.compile("action=\"/tokens/([^/]+)/revoke\"").matcher(list.body());
    assertThat(id.find()).isTrue();
    assertThat(
            c.post("/tokens/" + id.group(1) + "/revoke", Map.of("_csrf", c.csrf), false)
                .statusCode())
        .isEqualTo(303);
    assertThat(bearer(token).statusCode()).isEqualTo(401);
  }

  @Test
  void accountsAndConnectionsAreCreatedInTheDashboardWithoutShowingCredentials() throws Exception {
    Client c = new Client().logIn("admin", DashboardFixture.PASSWORD);
    HttpResponse<String> crm =
        c.post(
            "/accounts",
            Map.of(
                "_csrf", c.csrf,
                "name", "crm",
                "type", "hubspot",
                "settings", "url = http://127.0.0.1:9/\ntoken = pat-very-secret-1"),
            false);
    assertThat(crm.statusCode()).isEqualTo(200);
    assertThat(crm.body()).contains("Added account").doesNotContain("pat-very-secret-1");
    assertThat(c.get("/accounts").body())
        .contains("token: ********")
        .doesNotContain("pat-very-secret-1");

    HttpResponse<String> refused =
        c.post(
            "/accounts",
            Map.of(
                "_csrf", c.csrf,
                "name", "crm2",
                "type", "hubspot",
                "settings", "colour = blue\ntoken = pat-typed-secret"),
            false);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("unknown key").doesNotContain("pat-typed-secret");

    HttpResponse<String> created =
        c.post(
            "/new-connection",
            Map.of(
                "_csrf",
                c.csrf,
                "name",
                "crm-left",
                "a",
                "crm",
                "b",
                "left",
                "every",
                "10m",
                "objects",
                "contact"),
            false);
    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(created.headers().firstValue("Location")).hasValue("/connections/crm-left");
    var stored = fx.context.catalog().connection("default", "crm-left").parsed();
    assertThat(stored.a()).isEqualTo("crm");
    assertThat(stored.every()).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(c.get("/connections").body()).contains("crm-left");
    // HubSpot cannot be reached: the editor says so and still shows the rules.
    HttpResponse<String> editor = c.get("/connections/crm-left");
    assertThat(editor.statusCode()).isEqualTo(200);
    assertThat(editor.body()).contains("<p class=\"error\">").contains("Rules");
    HttpResponse<String> unchecked =
        c.post(
            "/connections/crm-left/objects/contact/fields",
            Map.of("_csrf", c.csrf, "new.a", "phone", "new.b", "phone"),
            false);
    assertThat(unchecked.statusCode()).isEqualTo(400);
    assertThat(unchecked.body())
        .contains("the apps' fields could not be read")
        .contains("cannot reach HubSpot");

    HttpResponse<String> same =
        c.post(
            "/new-connection",
            Map.of(
                "_csrf", c.csrf, "name", "crm-left", "a", "crm", "b", "crm", "objects", "contact"),
            false);
    assertThat(same.statusCode()).isEqualTo(400);
    assertThat(same.body()).contains("the same app");

    assertThat(c.post("/connections/crm-left/delete", Map.of("_csrf", c.csrf), false).statusCode())
        .isEqualTo(400);
    assertThat(
            c.post("/connections/crm-left/delete", Map.of("_csrf", c.csrf, "confirm", "yes"), false)
                .statusCode())
        .isEqualTo(303);
    assertThat(fx.context.catalog().connections("default"))
        .extracting(v -> v.name())
        .containsExactly("people");
  }

  @Test
  void aValueMapSavedInTheEditorIsStoredWithTheConnection() throws Exception {
    Client c = new Client().logIn("admin", DashboardFixture.PASSWORD);
    String page = c.get("/connections/people").body();
    Matcher row = Pattern.compile("name=\"key\\.(\\d+)\" value=\"company\"").matcher(page);
    assertThat(row.find()).as("the company row").isTrue();
    String i = row.group(1);
    HttpResponse<String> saved =
        c.post(
            "/connections/people/objects/contact/fields",
            Map.of(
                "_csrf",
                c.csrf,
                "key." + i,
                "company",
                "direction." + i,
                "both",
                "values." + i,
                "ACME = Acme Inc.\nInitech = Initech LLC"),
            false);
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(saved.headers().firstValue("Location"))
        .hasValue("/connections/people?saved=contact#object-contact");
    var fields =
        fx.context.catalog().connection("default", "people").parsed().objects().get(0).fields();
    assertThat(fields)
        .filteredOn(f -> f.a().equals("company"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.values())
                    .isEqualTo(Map.of("ACME", "Acme Inc.", "Initech", "Initech LLC")));
    assertThat(c.get("/connections/people?saved=contact").body())
        .contains("Saved the contact settings")
        .contains("ACME = Acme Inc.\nInitech = Initech LLC");
  }

  private static HttpResponse<String> bearer(String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(fx.url("/api/me")))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void badValuesAreExplainedNotThrown() throws Exception {
    Client c = new Client().logIn("admin", DashboardFixture.PASSWORD);
    HttpResponse<String> state = c.get("/connections/people/health?state=bogus");
    assertThat(state.statusCode()).isEqualTo(400);
    assertThat(state.body()).contains("unknown state 'bogus'");

    HttpResponse<String> check =
        c.post("/connections/people/objects/contact/rules/check", Map.of("when", "email = "), true);
    assertThat(check.statusCode()).isEqualTo(200);
    assertThat(check.body()).contains("bad condition").contains("column");

    HttpResponse<String> values =
        c.post(
            "/connections/people/objects/contact/fields",
            Map.of("_csrf", c.csrf, "new.a", "phone", "new.b", "nosuchfield"),
            false);
    assertThat(values.statusCode()).isEqualTo(400);
    assertThat(values.body()).contains("b has no field 'nosuchfield' for contacts");
  }
}
