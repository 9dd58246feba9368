package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's training run syncs its address book and folder both ways, twice. */
class StartupTrainingTest {
  @TempDir Path dir;

  @Test
  void runsAnInitialAndAnIncrementalSyncAndStatus() throws Exception {
    assertThat(StartupTraining.run(dir)).isZero();
    try (Stream<Path> cards = Files.list(dir.resolve("cards"))) {
      assertThat(cards.filter(p -> p.toString().endsWith(".vcf"))).hasSize(4);
    }
    assertThat(dir.resolve("state.db")).isRegularFile();
    // The incremental run brought the server's edit into the folder.
    try (Stream<Path> cards = Files.list(dir.resolve("cards"))) {
      assertThat(cards.filter(p -> p.toString().endsWith(".vcf")).map(StartupTrainingTest::read))
          .anyMatch(t -> t.contains("NOTE:xTraining card"));
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
