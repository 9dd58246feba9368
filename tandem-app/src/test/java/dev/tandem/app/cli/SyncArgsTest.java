package dev.tandem.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.app.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyncArgsTest {
  @TempDir Path dir;

  @Test
  void readsThePlainFormsOfEveryOption() {
    SyncCommand c =
        SyncArgs.parse(
            "sync",
            "--config",
            "a/tandem.yaml",
            "--connection=crm",
            "--dry-run",
            "--full",
            "--approve-deletes",
            "--json");
    assertThat(c).isNotNull();
    assertThat(c.config).isEqualTo(Path.of("a/tandem.yaml"));
    assertThat(c.connection).isEqualTo("crm");
    assertThat(c.dryRun).isTrue();
    assertThat(c.full).isTrue();
    assertThat(c.approveDeletes).isTrue();
    assertThat(c.json).isTrue();

    SyncCommand plain = SyncArgs.parse("sync", "--config=t.yaml");
    assertThat(plain.config).isEqualTo(Path.of("t.yaml"));
    assertThat(plain.connection).isNull();
    assertThat(plain.dryRun || plain.full || plain.approveDeletes || plain.json).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sync --config",
        "sync --json",
        "sync --config t.yaml --config u.yaml",
        "sync --config t.yaml --json --json",
        "sync --config t.yaml --bogus",
        "sync --config t.yaml extra",
        "sync --config t.yaml --help",
        "sync --config t.yaml -h",
        "sync --config --json",
        "sync --config @args.txt",
        "sync --config= --json",
        "sync --config t.yaml --json=true",
        "sync --config t.yaml --connection",
        "status --config t.yaml",
        "--version",
        "sync -- --config t.yaml"
      })
  void leavesEverythingElseToPicocli(String line) {
    assertThat(SyncArgs.parse(line.split(" "))).as(line).isNull();
  }

  @Test
  void badUsageStillGetsPicocliMessagesAndExitCodeTwo() {
    CliRun missing = CliRun.of("sync", "--json");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--config=<config>'");

    CliRun unknown = CliRun.of("sync", "--config", "t.yaml", "--bogus");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option: '--bogus'");

    CliRun twice = CliRun.of("sync", "--config", "t.yaml", "--json", "--json");
    assertThat(twice.code()).isEqualTo(2);
    assertThat(twice.err()).contains("--json").contains("should be specified only once");

    CliRun help = CliRun.of("sync", "--config", "t.yaml", "--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(help.out()).contains("Usage: tandem sync").contains("--dry-run");
    assertThat(help.err()).isEmpty();
  }

  @Test
  void aConfigErrorOnTheDirectPathIsOneLineAndExitCodeTwo() throws Exception {
    Path missing = dir.resolve("nowhere.yaml");
    CliRun r = CliRun.of("sync", "--config", missing.toString(), "--json");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("tandem: ").contains("nowhere.yaml").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();

    Path cfg = dir.resolve("tandem.yaml");
    Files.writeString(cfg, "apps:\n  x: {type: nosuch}\nconnections: []\n");
    CliRun bad = CliRun.of("sync", "--config=" + cfg);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("tandem: ").contains("nosuch").doesNotContain("\tat ");
  }
}
