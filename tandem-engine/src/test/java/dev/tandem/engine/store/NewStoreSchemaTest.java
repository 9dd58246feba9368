package dev.tandem.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A new SQLite store created without Flyway must be indistinguishable, to Flyway and to Tandem,
 * from one Flyway created: the same schema, the same history rows (apart from when, how long and by
 * whom), and a later Flyway run that validates it and applies nothing, or only what is new.
 */
class NewStoreSchemaTest {
  private static final Map<String, String> SQLITE =
      Map.of("id_column", "INTEGER PRIMARY KEY", "table_options", "WITHOUT ROWID");

  @TempDir Path dir;

  private static SQLiteDataSource sqlite(Path file) {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }

  private static Flyway flyway(SQLiteDataSource ds, ClassLoader loader) {
    return Flyway.configure(loader)
        .dataSource(ds)
        .locations("classpath:" + AppliedMigrations.LOCATION)
        .placeholders(SQLITE)
        .load();
  }

  /** Every table, index, view and trigger with the SQL that made it. */
  private static List<String> schema(SQLiteDataSource ds) throws SQLException {
    return rows(ds, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
  }

  /** The history as Flyway reads it, leaving out when, how long and by whom. */
  private static List<String> history(SQLiteDataSource ds) throws SQLException {
    return rows(
        ds,
        "SELECT installed_rank, version, description, type, script, checksum, success,"
            + " typeof(installed_rank), typeof(version), typeof(checksum), typeof(success),"
            + " typeof(installed_on), typeof(execution_time)"
            + " FROM flyway_schema_history ORDER BY installed_rank");
  }

  private static List<String> rows(SQLiteDataSource ds, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(rs.getString(i)).append(" | ");
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  private static void assertFlywayFindsNothingToDo(SQLiteDataSource ds, ClassLoader loader) {
    ValidateResult validated = flyway(ds, loader).validateWithResult();
    assertThat(validated.validationSuccessful).as(String.valueOf(validated.errorDetails)).isTrue();
    MigrateResult migrated = flyway(ds, loader).migrate();
    assertThat(migrated.migrationsExecuted).isZero();
  }

  @Test
  void theShippedMigrationsGiveTheSameStoreAsFlyway() throws Exception {
    ClassLoader loader = getClass().getClassLoader();
    SQLiteDataSource fast = sqlite(dir.resolve("fast.db"));
    SQLiteDataSource slow = sqlite(dir.resolve("flyway.db"));
    assertThat(NewStoreSchema.createIfEmpty(fast, loader, SQLITE)).isTrue();
    flyway(slow, loader).migrate();

    assertThat(schema(fast)).isEqualTo(schema(slow)).hasSizeGreaterThan(10);
    assertThat(history(fast))
        .isEqualTo(history(slow))
        .hasSize(AppliedMigrations.shipped(loader).size());
    assertThat(rows(fast, "SELECT DISTINCT installed_by FROM flyway_schema_history"))
        .isEqualTo(rows(slow, "SELECT DISTINCT installed_by FROM flyway_schema_history"));
    assertThat(AppliedMigrations.current(fast)).isTrue();
    assertFlywayFindsNothingToDo(fast, loader);
  }

  @Test
  void stateStoresCreatesANewSqliteStoreThatFlywayAccepts() throws Exception {
    Path file = dir.resolve("data/tandem.db");
    try (StateStore store = StateStores.sqlite(file)) {
      store.putCursor(StateStoreContract.CONTACTS, dev.tandem.core.model.Side.A, "c");
    }
    SQLiteDataSource ds = sqlite(file);
    assertThat(rows(ds, "PRAGMA page_size")).containsExactly("8192 | ");
    assertThat(rows(ds, "PRAGMA journal_mode")).containsExactly("wal | ");
    assertFlywayFindsNothingToDo(ds, getClass().getClassLoader());
    try (StateStore store = StateStores.sqlite(file)) {
      assertThat(store.cursor(StateStoreContract.CONTACTS, dev.tandem.core.model.Side.A))
          .contains("c");
    }
  }

  @Test
  void otherMigrationsToo_andFlywayAppliesOnlyANewOneLater() throws Exception {
    Path root = dir.resolve("cp");
    Path folder = Files.createDirectories(root.resolve(AppliedMigrations.LOCATION));
    // Windows line breaks, a comment naming a placeholder, non-ASCII text, a dotted version and a
    // description of several words: each changes the checksum, the version or the description.
    Files.writeString(
        folder.resolve("V1__first_table.sql"),
        "-- the first table (${id_column})\r\n"
            + "CREATE TABLE first (id ${id_column}, name TEXT DEFAULT 'Zoë');\r\n"
            + "INSERT INTO first (name) VALUES ('a;b');\r\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        folder.resolve("V1_1__an_index.sql"), "CREATE INDEX first_by_name ON first (name);\n");
    Files.writeString(
        folder.resolve("V10__second.sql"),
        "CREATE TABLE second (k TEXT PRIMARY KEY, v TEXT)${table_options};\n\n"
            + "CREATE TRIGGER second_v AFTER INSERT ON second BEGIN\n"
            + "  UPDATE second SET v = upper(v) WHERE k = new.k;\n"
            + "END;");
    Files.writeString(folder.resolve("V2__third.sql"), "CREATE VIEW third AS SELECT * FROM first;");

    SQLiteDataSource fast = sqlite(dir.resolve("fast.db"));
    SQLiteDataSource slow = sqlite(dir.resolve("flyway.db"));
    try (URLClassLoader loader = only(root)) {
      assertThat(NewStoreSchema.createIfEmpty(fast, loader, SQLITE)).isTrue();
      flyway(slow, loader).migrate();
      assertThat(schema(fast)).isEqualTo(schema(slow));
      assertThat(rows(fast, "SELECT name FROM sqlite_master WHERE name NOT LIKE '%flyway%'"))
          .containsExactlyInAnyOrder(
              "first | ", "first_by_name | ", "second | ", "second_v | ", "third | ");
      assertThat(history(fast)).isEqualTo(history(slow));
      assertThat(rows(fast, "SELECT version, description FROM flyway_schema_history"))
          .containsExactly(
              "1 | first table | ", "1.1 | an index | ", "2 | third | ", "10 | second | ");
      assertThat(rows(fast, "SELECT name FROM first")).containsExactly("a;b | ");
      assertFlywayFindsNothingToDo(fast, loader);
    }

    Files.writeString(folder.resolve("V11__later.sql"), "ALTER TABLE first ADD COLUMN email TEXT;");
    try (URLClassLoader loader = only(root)) {
      assertThat(flyway(fast, loader).migrate().migrationsExecuted).isEqualTo(1);
      flyway(slow, loader).migrate();
      assertThat(schema(fast)).isEqualTo(schema(slow));
      assertThat(history(fast)).isEqualTo(history(slow)).hasSize(5);
    }
  }

  @Test
  void aDatabaseThatHoldsAnythingIsLeftToFlyway() throws Exception {
    SQLiteDataSource ds = sqlite(dir.resolve("s.db"));
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE mine (x TEXT)");
    }
    assertThat(NewStoreSchema.createIfEmpty(ds, getClass().getClassLoader(), SQLITE)).isFalse();
    assertThat(schema(ds)).hasSize(1);
  }

  @Test
  void anUnknownPlaceholderIsLeftToFlyway() throws Exception {
    Path root = dir.resolve("cp");
    Path folder = Files.createDirectories(root.resolve(AppliedMigrations.LOCATION));
    Files.writeString(folder.resolve("V1__a.sql"), "CREATE TABLE a (x ${flyway:user});");
    SQLiteDataSource ds = sqlite(dir.resolve("s.db"));
    try (URLClassLoader loader = only(root)) {
      assertThat(NewStoreSchema.createIfEmpty(ds, loader, SQLITE)).isFalse();
    }
    assertThat(schema(ds)).isEmpty();
    assertThat(NewStoreSchema.substitute("a ${id_column} b", SQLITE))
        .isEqualTo("a INTEGER PRIMARY KEY b");
    assertThat(NewStoreSchema.substitute("a ${other} b", SQLITE)).isNull();
    assertThat(NewStoreSchema.substitute("a ${id_column b", SQLITE)).isNull();
  }

  @Test
  void aFailingMigrationLeavesTheDatabaseEmptyAndNamesTheFile() throws Exception {
    Path root = dir.resolve("cp");
    Path folder = Files.createDirectories(root.resolve(AppliedMigrations.LOCATION));
    Files.writeString(folder.resolve("V1__a.sql"), "CREATE TABLE a (x TEXT);");
    Files.writeString(folder.resolve("V2__b.sql"), "CREATE TABLE b (x TEXT);\nCREATE TABLE a (y);");
    SQLiteDataSource ds = sqlite(dir.resolve("s.db"));
    try (URLClassLoader loader = only(root)) {
      assertThatThrownBy(() -> NewStoreSchema.createIfEmpty(ds, loader, SQLITE))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("migration V2__b.sql: ")
          .hasMessageContaining("already exists");
    }
    assertThat(schema(ds)).isEmpty();
  }

  @Test
  void checksumsAreFlywaysForTheShippedMigrations() throws Exception {
    SQLiteDataSource ds = sqlite(dir.resolve("flyway.db"));
    ClassLoader loader = getClass().getClassLoader();
    flyway(ds, loader).migrate();
    for (String row : rows(ds, "SELECT script, checksum FROM flyway_schema_history")) {
      String[] parts = row.split(" \\| ");
      String text;
      try (var in = loader.getResourceAsStream(AppliedMigrations.LOCATION + "/" + parts[0])) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(NewStoreSchema.checksum(text)).as(parts[0]).isEqualTo(Integer.parseInt(parts[1]));
    }
  }

  /**
   * A class loader that sees migrations only under {@code root} (not the engine's own), and
   * everything else (Flyway's classes and plugins) as the tests do.
   */
  private URLClassLoader only(Path root) throws IOException {
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader()) {
      private boolean own(String name) {
        return name.startsWith(AppliedMigrations.LOCATION) || name.startsWith("META-INF/tandem/");
      }

      @Override
      public URL getResource(String name) {
        return own(name) ? findResource(name) : super.getResource(name);
      }

      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        return own(name) ? findResources(name) : super.getResources(name);
      }
    };
  }
}
