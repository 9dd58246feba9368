package dev.tandem.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.spi.ConfigException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening stores from settings, and the messages users get for bad settings. */
class StateStoresTest {
  @TempDir Path dir;

  @Test
  void opensSqliteFromSettings() {
    Path file = dir.resolve("data/tandem.db");
    try (StateStore store = StateStores.open(StoreSettings.sqlite(file))) {
      store.putCursor(StateStoreContract.CONTACTS, dev.tandem.core.model.Side.A, "c");
    }
    assertThat(file).isRegularFile();
  }

  @Test
  void anUnknownTypeIsAConfigError() {
    assertThatThrownBy(() -> StateStores.open(new StoreSettings("mysql", null, null, null, null)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("store: unknown type 'mysql' (expected sqlite or postgres)");
  }

  @Test
  void postgresWithoutAUrlIsAConfigError() {
    assertThatThrownBy(() -> StateStores.open(new StoreSettings("postgres", null, null, "u", "p")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store: type postgres needs a url");
  }

  @Test
  void aUrlOfAnotherDatabaseIsAConfigError() {
    assertThatThrownBy(() -> StateStores.postgres("jdbc:mysql://localhost/x", "u", "p"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must start with jdbc:postgresql://");
  }

  @Test
  void aSqlitePathUnderAFileIsAConfigError() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "x");
    Path file = blocker.resolve("tandem.db");
    assertThatThrownBy(() -> StateStores.sqlite(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store (SQLite file " + file + "): cannot create its folder");
  }

  @Test
  void aSqlitePathThatIsAFolderIsAConfigError() {
    assertThatThrownBy(() -> StateStores.sqlite(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is a folder, not a file");
  }

  @Test
  void aFileThatIsNotADatabaseIsReported() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("notes.db"), "this is not a SQLite database, just text ".repeat(50));
    assertThatThrownBy(() -> StateStores.sqlite(file))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("store (SQLite file " + file + ")")
        .hasMessageContaining("not a database");
  }

  @Test
  void anUnreachablePostgresIsAConfigError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/tandem";
    assertThatThrownBy(() -> StateStores.postgres(url, "tandem", "secret"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store (PostgreSQL " + url + "): cannot connect")
        .hasMessageContaining("refused");
  }

  @Test
  void settingsHideThePassword() {
    assertThat(StoreSettings.postgres("jdbc:postgresql://h/db", "u", "hunter2").toString())
        .doesNotContain("hunter2")
        .contains("jdbc:postgresql://h/db");
  }
}
