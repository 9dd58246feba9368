package dev.tandem.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The cheap check that lets an up-to-date store open without Flyway. */
class AppliedMigrationsTest {
  @TempDir Path dir;

  private SQLiteDataSource sqlite(Path file) {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }

  @Test
  void aNewDatabaseIsNotCurrentAndAMigratedOneIs() throws Exception {
    Path file = dir.resolve("s.db");
    assertThat(AppliedMigrations.current(sqlite(file))).isFalse();
    StateStores.sqlite(file).close();
    assertThat(AppliedMigrations.current(sqlite(file))).isTrue();
    // Reopening through the fast path gives a working store.
    try (StateStore store = StateStores.sqlite(file)) {
      store.putCursor(StateStoreContract.CONTACTS, dev.tandem.core.model.Side.A, "c");
      assertThat(store.cursor(StateStoreContract.CONTACTS, dev.tandem.core.model.Side.A))
          .contains("c");
    }
  }

  @Test
  void aFailedOrMissingMigrationSendsTheStoreThroughFlyway() throws Exception {
    Path file = dir.resolve("s.db");
    StateStores.sqlite(file).close();
    try (Connection c = sqlite(file).getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE flyway_schema_history SET success = 0");
    }
    assertThat(AppliedMigrations.current(sqlite(file))).isFalse();
    try (Connection c = sqlite(file).getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM flyway_schema_history");
    }
    assertThat(AppliedMigrations.current(sqlite(file))).isFalse();
  }

  @Test
  void listsTheShippedVersionsFromFoldersAndJars() throws Exception {
    assertThat(AppliedMigrations.shipped(getClass().getClassLoader())).contains("1");

    Path jar = dir.resolve("m.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String name :
          new String[] {
            "db/", "db/migration/", "db/migration/V1__a.sql", "db/migration/V2_1__b.sql"
          }) {
        out.putNextEntry(new JarEntry(name));
        if (!name.endsWith("/")) {
          out.write("SELECT 1;".getBytes());
        }
        out.closeEntry();
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(AppliedMigrations.shipped(loader)).isEqualTo(Set.of("1", "2.1"));
    }
  }

  @Test
  void aRepeatableMigrationIsLeftToFlyway() throws Exception {
    Path root = dir.resolve("cp");
    Files.createDirectories(root.resolve("db/migration"));
    Files.writeString(root.resolve("db/migration/V1__a.sql"), "SELECT 1;");
    Files.writeString(root.resolve("db/migration/R__view.sql"), "SELECT 1;");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertThat(AppliedMigrations.shipped(loader)).isNull();
    }
    Files.delete(root.resolve("db/migration/R__view.sql"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertThat(AppliedMigrations.shipped(loader)).isEqualTo(Set.of("1"));
    }
  }

  @Test
  void readsTheBuildsListWhenThereIsOne() throws Exception {
    Path root = dir.resolve("cp");
    Files.createDirectories(root.resolve("META-INF/tandem"));
    Files.writeString(root.resolve(AppliedMigrations.INDEX), "V1__a.sql\nV2_5__b.sql\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertThat(AppliedMigrations.shipped(loader)).isEqualTo(Set.of("1", "2.5"));
    }
    Files.writeString(root.resolve(AppliedMigrations.INDEX), "V1__a.sql\nmore/V2__b.sql\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertThat(AppliedMigrations.shipped(loader)).isNull();
    }
  }

  /** The engine's build lists exactly the files of its migration folder. */
  @Test
  void theBuildsListMatchesTheMigrationFolder() throws Exception {
    java.net.URL index = getClass().getClassLoader().getResource(AppliedMigrations.INDEX);
    assertThat(index).as("made by the engine's build (process-resources)").isNotNull();
    Set<String> listed;
    try (java.io.InputStream in = index.openStream()) {
      listed = Set.of(new String(in.readAllBytes()).strip().split("\n"));
    }
    Set<String> files = new java.util.HashSet<>();
    try (java.util.stream.Stream<Path> s =
        Files.list(Path.of("src/main/resources", AppliedMigrations.LOCATION))) {
      s.forEach(p -> files.add(p.getFileName().toString()));
    }
    assertThat(listed).isEqualTo(files);
  }

  @Test
  void aSubFolderIsLeftToFlyway() throws Exception {
    Path root = dir.resolve("cp");
    Files.createDirectories(root.resolve("db/migration/more"));
    Files.writeString(root.resolve("db/migration/V1__a.sql"), "SELECT 1;");
    Files.writeString(root.resolve("db/migration/more/V2__b.sql"), "SELECT 1;");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertThat(AppliedMigrations.shipped(loader)).isNull();
    }
  }
}
