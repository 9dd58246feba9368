package dev.tandem.emulator.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tandem emulate hubspot}: starts, prints its URL and token, serves, stops. */
class HubSpotEmulatorCommandTest {
  @Test
  void startsSeededPrintsUrlAndTokenAndStopsWhenInterrupted() throws Exception {
    StringWriter text = new StringWriter();
    CommandLine cli =
        new CommandLine(new HubSpotEmulatorCommand()).setOut(new PrintWriter(text, true));
    int[] exit = {-1};
    Thread t =
        new Thread(
            () ->
                exit[0] =
                    cli.execute(
                        "--port",
                        "0",
                        "--token",
                        "cli-token",
                        "--contacts",
                        "12",
                        "--companies",
                        "3",
                        "--seed",
                        "9"));
    t.start();
    Pattern url = Pattern.compile("listening on (http://localhost:\\d+)");
    await().atMost(Duration.ofSeconds(10)).until(() -> url.matcher(text.toString()).find());
    Matcher m = url.matcher(text.toString());
    assertThat(m.find()).isTrue();
    assertThat(text.toString()).contains("cli-token");
    Http.Res r = new Http(m.group(1), "cli-token").get("/crm/v3/objects/contacts?limit=100");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("results")).hasSize(12);
    t.interrupt();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(exit[0]).isZero();
  }

  @Test
  void refusesABadRateLimit() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new HubSpotEmulatorCommand())
            .setErr(new PrintWriter(err, true))
            .execute("--rate-limit", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--rate-limit");
  }
}
