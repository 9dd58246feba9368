package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HubSpot's daily quota runs out mid-sync: the run stops, the connection pauses until the reset,
 * and `tandem status` and the next `tandem sync` say so instead of spending calls.
 */
class HubSpotDailyLimitTest {
  @TempDir Path dir;

  record Out(int code, String text) {}

  static Out tandem(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      return new Out(Tandem.run(args), buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void anExhaustedDailyQuotaPausesTheConnectionUntilTheReset() throws Exception {
    try (HubSpotEmulator hubspot =
        HubSpotEmulator.builder().port(0).contacts(300).seed(3).dailyLimit(3).build().start()) {
      Files.writeString(dir.resolve("people.csv"), "Email,First Name\n");
      Path cfg = dir.resolve("tandem.yaml");
      Files.writeString(
          cfg,
          """
          apps:
            crm: {type: hubspot, url: "%s", token: "%s"}
            sheet: {type: csv, path: ./people.csv}
          connections:
            - name: crm-sheet
              a: crm
              b: sheet
              objects:
                contact: {match: email}
          """
              .formatted(hubspot.baseUrl(), hubspot.token()));
      Out first = tandem("sync", "--config", cfg.toString());
      assertThat(first.code()).isEqualTo(1);
      assertThat(first.text())
          .contains("daily API limit reached")
          .contains("paused until")
          .doesNotContain("\tat ");

      Out status = tandem("status", "--config", cfg.toString());
      assertThat(status.text()).contains("paused: daily API limit reached");

      Out again = tandem("sync", "--config", cfg.toString());
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.text()).contains("paused");
    }
  }
}
