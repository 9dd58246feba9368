package dev.tandem.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.app.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers {@code --help} with its usage and exit code 0, before checking options. */
class HelpTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "sync",
        "status",
        "serve",
        "demo",
        "emulate",
        "emulate hubspot",
        "emulate dynamics"
      })
  void helpPrintsTheUsage(String command) {
    String[] words = (command + " --help").split(" ");
    CliRun run = CliRun.of(words);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Usage: tandem " + command);
    assertThat(run.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "status"})
  void versionWorksOnACommandToo(String command) {
    CliRun run = CliRun.of(command, "--version");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("tandem ");
  }
}
