package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.emulator.hubspot.HubSpotEmulator;
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
      CliRun first = CliRun.of("sync", "--config", cfg.toString());
      assertThat(first.code()).isEqualTo(1);
      assertThat(first.all())
          .contains("daily API limit reached")
          .contains("paused until")
          .doesNotContain("\tat ");

      CliRun status = CliRun.of("status", "--config", cfg.toString());
      assertThat(status.all()).contains("paused: daily API limit reached");

      CliRun again = CliRun.of("sync", "--config", cfg.toString());
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.all()).contains("paused");
    }
  }
}
