package dev.tandem.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.engine.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo running on as a service: it prints the dashboard's URL and login, and an edit made
 * through the HubSpot emulator's API reaches Dynamics through a webhook, without waiting for the
 * poll, and shows in the activity log.
 */
class LiveDemoServeTest {
  @TempDir Path dir;

  @Test
  void aHubSpotEditReachesDynamicsThroughTheWebhookAndShowsInTheActivityLog() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    LiveDemo demo =
        new LiveDemo(
            dir,
            out,
            ProgressListener.NONE,
            r ->
                out.println(
                    r.kind() + " " + r.status() + (r.error() == null ? "" : ": " + r.error())));
    CountDownLatch stop = new CountDownLatch(1);
    // Polling every 600 s: only a webhook can bring the edit over within the test's wait.
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return demo.run(false, 600, 0, stop);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> text(bytes).contains("Ctrl-C stops the demo") || exit.isDone());
    String text = text(bytes);
    assertThat(exit).as(text).isNotDone();
    String dashboard = group(text, "Dashboard: (http://\\S+)/");
    String password = group(text, "Login: +admin / (\\S+)");
    EmulatorApi hs =
        new EmulatorApi(
            group(text, "HubSpot: +(http://\\S+)"), group(text, "HubSpot: +\\S+ +token (\\S+)"));
    EmulatorApi dyn =
        new EmulatorApi(
            group(text, "Dynamics: +(http://\\S+)"), group(text, "Dynamics: +\\S+ +token (\\S+)"));

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(dashboard + "/login")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);

    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    // The service's own first run (an incremental one, at start) is over before the edit, so only
    // the webhook's targeted run can bring it across.
    String runs = dashboard + "/api/connections/crm/runs";
    await().atMost(Duration.ofSeconds(60)).until(() -> completedRuns(http, runs, auth) >= 3);

    String ada = SampleCrms.hubspotContactId(hs, "ada@analytical.example");
    hs.patch(
        "/crm/v3/objects/contacts/" + ada, Map.of("properties", Map.of("jobtitle", "Analyst")));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> AppTables.dynamicsContacts(dyn).toString().contains("Analyst"));

    HttpResponse<String> activity =
        http.send(
            HttpRequest.newBuilder(URI.create(dashboard + "/api/connections/crm/activity"))
                .header("Authorization", auth)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(activity.statusCode()).as(activity.body()).isEqualTo(200);
    assertThat(activity.body()).contains("Analyst");
    assertThat(runKinds(http, runs, auth)).contains("targeted");

    stop.countDown();
    assertThat(exit.get(60, TimeUnit.SECONDS)).as(text(bytes)).isZero();
  }

  private static int completedRuns(HttpClient http, String url, String auth) throws Exception {
    return runKinds(http, url, auth).size();
  }

  /** The kinds of the completed runs, newest first. */
  private static java.util.List<String> runKinds(HttpClient http, String url, String auth)
      throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    java.util.List<String> kinds = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode r :
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("items")) {
      if ("completed".equals(r.path("status").asText())) {
        kinds.add(r.path("kind").asText());
      }
    }
    return kinds;
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in\n" + text).isTrue();
    return m.group(1);
  }
}
