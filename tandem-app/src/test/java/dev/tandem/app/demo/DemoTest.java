package dev.tandem.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.app.CliRun;
import dev.tandem.app.Tandem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem demo --once}: the emulators start, the initial and one incremental sync run, and
 * the tables the demo prints (read back from each emulator's API) show the merged data.
 */
class DemoTest {
  @TempDir Path tmp;

  @Test
  void demoSyncsHubSpotAndDynamicsBothWays() throws Exception {
    String out = runCapturing("demo", "--once", "--dir", tmp.toString());
    assertThat(out).contains("1. Initial sync").contains("API calls: a ");
    assertThat(Files.readString(tmp.resolve("tandem.yaml"))).contains("type: dynamics");

    String hubspotNow = section(out, "HubSpot now");
    String dynamicsNow = section(out, "Dynamics now");
    // Ada: phone from HubSpot, job title and company from Dynamics, on both sides.
    assertThat(row(hubspotNow, "Ada Lovelace"))
        .contains("+44 20 7946 0001", "Countess", "Analytical Engines");
    assertThat(row(dynamicsNow, "Ada Lovelace"))
        .contains("+44 20 7946 0001", "Countess", "Analytical Engines");
    // One side only: created on the other, with the company link.
    assertThat(row(hubspotNow, "Margaret Hamilton")).contains("Apollo Guidance");
    assertThat(row(dynamicsNow, "Alan Turing")).contains("Bletchley Park");
    // The incremental step: edits made in each app reached the other.
    assertThat(row(hubspotNow, "Margaret Hamilton")).contains("+1 617 555 0199");
    assertThat(row(dynamicsNow, "Alan Turing")).contains("Mathematician");
    // No email: not synced. The Dynamics duplicate: reported, not copied.
    assertThat(hubspotNow).doesNotContain("Katherine Johnson");
    assertThat(dynamicsNow).doesNotContain("Anonymous Visitor");
    assertThat(out).containsPattern("duplicates [1-9]");
  }

  @Test
  void csvDemoStillRuns() throws Exception {
    String out = runCapturing("demo", "--csv", "--dir", tmp.toString());
    assertThat(out).contains("crm.csv after", "Margaret");
    assertThat(Files.readString(tmp.resolve("crm.csv"))).contains("margaret@apollo.example");
  }

  @Test
  void aNonPositiveIntervalIsAUsageError() {
    assertThat(Tandem.run("demo", "--every", "0", "--dir", tmp.toString())).isEqualTo(2);
  }

  private static String runCapturing(String... args) {
    CliRun run = CliRun.of(args);
    assertThat(run.code()).as(run.all()).isZero();
    return run.out();
  }

  /** The lines of the table titled {@code title}, up to the next blank line. */
  private static String section(String out, String title) {
    int at = out.indexOf("  " + title + " (");
    assertThat(at).as("table '" + title + "' in:\n" + out).isNotNegative();
    int end = out.indexOf("\n\n", at);
    return out.substring(at, end < 0 ? out.length() : end);
  }

  private static String row(String table, String name) {
    List<String> rows =
        Arrays.stream(table.split("\n")).filter(l -> l.trim().startsWith(name)).toList();
    assertThat(rows).as(name + " in\n" + table).hasSize(1);
    return rows.get(0);
  }
}
