package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code tandem emulate dynamics} is wired into the command line. */
class DynamicsEmulateCommandTest {
  @Test
  void emulateDynamicsIsASubcommand() {
    CliRun run = CliRun.of("emulate", "dynamics", "--help");
    String out = run.out();
    int code = run.code();
    assertThat(code).as(out).isZero();
    assertThat(out).contains("Dataverse", "--opportunities", "--token");
  }
}
