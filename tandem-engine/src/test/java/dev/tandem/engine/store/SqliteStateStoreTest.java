package dev.tandem.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest extends StateStoreContract {
  @TempDir Path dir;

  Path file() {
    return dir.resolve("nested/folder/tandem.db");
  }

  @Override
  StateStore newStore() {
    return StateStores.sqlite(file());
  }

  @Override
  StateStore reopen() {
    store.close();
    return StateStores.sqlite(file());
  }

  @Test
  void createsTheFileAndItsFoldersInWalMode() {
    store.putLinks(CONTACTS, List.of(link("a1", "b1")));

    assertThat(file()).isRegularFile();
    assertThat(Path.of(file() + "-wal")).exists();
    assertThat(store.sizeBytes()).isEqualTo(size(file()) + size(Path.of(file() + "-wal")));
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
