package dev.tandem.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `tandem` command on two CSV files: the minimal config, JSON report and exit codes.
 */
class CsvEndToEndTest {
  @TempDir Path dir;

  static CliRun tandem(String... args) {
    return CliRun.of(args);
  }

  static JsonNode contact(CliRun r) {
    return r.json().get("connections").get(0).get("objects").get("contact");
  }

  Path config() throws IOException {
    Files.writeString(
        dir.resolve("left.csv"),
        "Email,First Name,Last Name,Phone,Notes kept\nada@x.com,Ada,Lovelace,,keep me\ngrace@y.com,Grace,Hopper,+1 555,\n");
    Files.writeString(
        dir.resolve("right.csv"),
        "id,email,firstName,lastName,phone\nr1,ADA@x.com,Ada,,+44 1\nr2,linus@z.com,Linus,Torvalds,\n");
    Path cfg = dir.resolve("tandem.yaml");
    Files.writeString(
        cfg,
        """
        apps:
          left:  {type: csv, path: ./left.csv}
          right: {type: csv, path: ./right.csv}
        connections:
          - name: people
            a: left
            b: right
            objects:
              contact: {match: email}
        """);
    return cfg;
  }

  @Test
  void theMinimalConfigSyncsBothWaysAndReportsJson() throws IOException {
    Path cfg = config();
    CliRun first = tandem("sync", "--config", cfg.toString(), "--json");
    assertThat(first.code()).as(first.err()).isZero();
    JsonNode c = contact(first);
    assertThat(c.get("created").get("a").asInt()).isEqualTo(1);
    assertThat(c.get("created").get("b").asInt()).isEqualTo(1);
    assertThat(c.get("updated").get("a").asInt() + c.get("updated").get("b").asInt()).isEqualTo(2);
    assertThat(c.get("failed").asInt()).isZero();
    assertThat(c.get("excluded").asInt()).isZero();
    assertThat(c.get("duplicates").asInt()).isZero();
    assertThat(c.get("apiCalls").get("a").asInt()).isPositive();
    assertThat(first.json().get("connections").get(0).get("apiCalls").get("b").asInt())
        .isPositive();

    String left = Files.readString(dir.resolve("left.csv"));
    String right = Files.readString(dir.resolve("right.csv"));
    assertThat(left)
        .contains("linus@z.com,Linus,Torvalds")
        .contains("ada@x.com,Ada,Lovelace,+44 1,keep me");
    assertThat(right)
        .contains("r1,ADA@x.com,Ada,Lovelace,+44 1")
        .contains("grace@y.com,Grace,Hopper,+1 555");

    CliRun second = tandem("sync", "--config", cfg.toString(), "--json");
    assertThat(second.code()).isZero();
    assertThat(
            second
                .json()
                .get("connections")
                .get(0)
                .get("apiCallsByEndpoint")
                .get("a")
                .has("write file"))
        .isFalse();
    assertThat(
            second
                .json()
                .get("connections")
                .get(0)
                .get("apiCallsByEndpoint")
                .get("b")
                .has("write file"))
        .isFalse();

    Files.writeString(
        dir.resolve("right.csv"),
        Files.readString(dir.resolve("right.csv")).replace("Linus,Torvalds", "Linus,Benedict"));
    CliRun third = tandem("sync", "--config", cfg.toString(), "--json");
    assertThat(contact(third).get("updated").get("a").asInt()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("left.csv"))).contains("linus@z.com,Linus,Benedict");
  }

  @Test
  void aDryRunPrintsThePlanAndWritesNothing() throws IOException {
    Path cfg = config();
    String before = Files.readString(dir.resolve("right.csv"));
    CliRun dry = tandem("sync", "--config", cfg.toString(), "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("plan (nothing was written)")
        .contains("create b")
        .contains("grace@y.com");
    assertThat(Files.readString(dir.resolve("right.csv"))).isEqualTo(before);
    CliRun status = tandem("status", "--config", cfg.toString());
    assertThat(status.out()).contains("never synced");
  }

  @Test
  void statusListsWhatDidNotSync() throws IOException {
    Path cfg = config();
    Files.writeString(
        dir.resolve("left.csv"), "Email,First Name\n,Nobody\ndup@x.com,One\nDUP@x.com,Two\n");
    assertThat(tandem("sync", "--config", cfg.toString()).code()).isZero();
    CliRun status = tandem("status", "--config", cfg.toString());
    assertThat(status.out())
        .contains("duplicate 2")
        .contains("excluded 1")
        .contains("has no email")
        .contains("is shared by 2 records");
  }

  @Test
  void aBadConfigExitsWithTheFileLineAndReason() throws IOException {
    Path cfg = config();
    Files.writeString(
        cfg,
        Files.readString(cfg)
            .replace("type: csv, path: ./right.csv", "type: csv, path: ./missing.csv"));
    CliRun r = tandem("sync", "--config", cfg.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("tandem.yaml")
        .contains("missing.csv")
        .contains("does not exist")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");

    Files.writeString(
        cfg, "apps:\n  x: {type: csv, path: ./left.csv, colour: red}\nconnections: []\n");
    CliRun unknown = tandem("sync", "--config", cfg.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown key 'colour'");
  }

  @Test
  void aFileThatBreaksMidRunFailsTheRunWithExitCodeOne() throws IOException {
    Path cfg = config();
    Files.writeString(dir.resolve("right.csv"), "id,email\nr1,\"unterminated\n");
    CliRun r = tandem("sync", "--config", cfg.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out() + r.err()).contains("right.csv").doesNotContain("\tat ");
  }
}
