package dev.tandem.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tandem serve} on two CSV files: it prints where it serves and the first admin password,
 * syncs on its own, answers the API with that password, and stops cleanly; a restart keeps the
 * admin and the state.
 */
class ServeCommandTest {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  Path config() throws Exception {
    Files.writeString(dir.resolve("left.csv"), "Email,First Name\nada@x.com,Ada\n");
    Files.writeString(dir.resolve("right.csv"), "id,email,firstName\nr1,linus@z.com,Linus\n");
    Path cfg = dir.resolve("tandem.yaml");
    Files.writeString(
        cfg,
        """
        store: {type: sqlite, path: ./data/tandem.db}
        server: {host: 127.0.0.1, port: 0}
        apps:
          left:  {type: csv, path: ./left.csv}
          right: {type: csv, path: ./right.csv}
        connections:
          - name: people
            a: left
            b: right
            every: 10s
            objects:
              contact: {match: email}
        """);
    return cfg;
  }

  record Running(ServeCommand command, CompletableFuture<Integer> exit, StringWriter out) {
    String output() {
      return out.toString();
    }

    int stop() throws Exception {
      command.stop.countDown();
      return exit.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  Running serve(Path cfg) {
    ServeCommand cmd = new ServeCommand();
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(cmd);
    cli.setOut(new PrintWriter(out, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cli.execute("--config", cfg.toString()));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> out.toString().contains("Press Ctrl-C") || exit.isDone());
    assertThat(exit).as(out.toString()).isNotDone();
    return new Running(cmd, exit, out);
  }

  static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  HttpResponse<String> get(String url, String user, String password) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (user != null) {
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The kinds of the completed runs in a runs page. */
  static java.util.List<String> kinds(String json) throws Exception {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode r :
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("items")) {
      if ("completed".equals(r.path("status").asText())) {
        out.add(r.path("kind").asText());
      }
    }
    return out;
  }

  @Test
  void servesSyncsOnItsOwnAndStopsCleanly() throws Exception {
    Path cfg = config();
    Running first = serve(cfg);
    String url = group(first.output(), "serving (http://\\S+)");
    String password = group(first.output(), "password (\\S+) \\(shown only this once");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(dir.resolve("right.csv")).contains("ada@x.com"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(dir.resolve("left.csv")).contains("linus@z.com"));

    assertThat(get(url + "/healthz", null, null).statusCode()).isEqualTo(200);
    assertThat(get(url + "/api/connections", null, null).statusCode()).isEqualTo(401);
    assertThat(get(url + "/api/connections", "admin", "wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> list = get(url + "/api/connections", "admin", password);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("\"people\"");
    assertThat(get(url + "/metrics", null, null).body()).contains("tandem_runs_total");

    assertThat(first.stop()).isZero();
    assertThat(first.output()).contains("Tandem: stopped.");

    // A restart: the admin exists (no new password), the state is kept (no second initial sync).
    Running second = serve(cfg);
    assertThat(second.output()).doesNotContain("password");
    String url2 = group(second.output(), "serving (http://\\S+)");
    String runsUrl = url2 + "/api/connections/people/runs";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kinds(get(runsUrl, "admin", password).body()).size() >= 2);
    java.util.List<String> kinds = kinds(get(runsUrl, "admin", password).body());
    assertThat(second.stop()).isZero();
    assertThat(kinds).filteredOn("initial"::equals).hasSize(1);
    assertThat(kinds).contains("incremental");
  }

  @Test
  void aStartOnABusyPortSaysSoAndLeavesNoAdminBehind() throws Exception {
    Path cfg = config();
    try (java.net.ServerSocket busy =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dev.tandem.app.CliRun run =
          dev.tandem.app.CliRun.of(
              "serve", "--config", cfg.toString(), "--port", "" + busy.getLocalPort());
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
    }
    // The next start still makes up the first admin password and shows it.
    Running next = serve(cfg);
    assertThat(next.output()).contains("shown only this once");
    assertThat(next.stop()).isZero();
  }
}
