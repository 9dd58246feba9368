package dev.tandem.engine.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Creates the tables of a new, empty SQLite store without Flyway, and records the migrations in
 * Flyway's history table exactly as Flyway would have (same table, same rows, same checksums), so
 * that a later Flyway run, for an upgrade, finds them applied and validates them. Configuring and
 * running Flyway was about a sixth of an initial sync of a small address book, before anything else
 * could start.
 *
 * <p>Conservative like {@link AppliedMigrations}: a database that holds anything, migrations it
 * cannot list or order, or a placeholder it does not know are left to Flyway, which then runs as
 * before with its own checks and messages. Everything happens in one transaction, so a crash leaves
 * either the whole schema or an empty database (which the next run creates again).
 */
final class NewStoreSchema {
  /** Flyway's history table on SQLite, as Flyway 12 creates it (a test compares the two). */
  private static final String HISTORY_TABLE =
      "CREATE TABLE \"flyway_schema_history\" (\n"
          + "    \"installed_rank\" INT NOT NULL PRIMARY KEY,\n"
          + "    \"version\" VARCHAR(50),\n"
          + "    \"description\" VARCHAR(200) NOT NULL,\n"
          + "    \"type\" VARCHAR(20) NOT NULL,\n"
          + "    \"script\" VARCHAR(1000) NOT NULL,\n"
          + "    \"checksum\" INT,\n"
          + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
          + "    \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),\n"
          + "    \"execution_time\" INT NOT NULL,\n"
          + "    \"success\" BOOLEAN NOT NULL\n"
          + ")";

  private static final String HISTORY_INDEX =
      "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"flyway_schema_history\" (\"success\")";

  /** The row Flyway adds per migration; installed_on takes the table's default, as with Flyway. */
  private static final String HISTORY_ROW =
      "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\","
          + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\","
          + " \"success\") VALUES (?, ?, ?, 'SQL', ?, ?, ?, ?, 1)";

  /** Flyway on SQLite records no user (SQLite has none) unless configured to. */
  private static final String INSTALLED_BY = "";

  private NewStoreSchema() {}

  /** One migration file: its name, Flyway's version and description, and its text. */
  private record Migration(String file, String version, String description, String text) {}

  /**
   * Creates the schema when the database is empty and the migrations can be applied without Flyway;
   * returns whether it did (false: nothing was changed, leave the database to Flyway).
   *
   * @param placeholders the values of the {@code ${name}} placeholders in the migrations
   * @throws SQLException when the database cannot be read or a migration fails
   */
  static boolean createIfEmpty(DataSource ds, ClassLoader loader, Map<String, String> placeholders)
      throws SQLException {
    List<Migration> migrations = migrations(loader);
    if (migrations == null) {
      return false;
    }
    List<String> scripts = new ArrayList<>();
    for (Migration m : migrations) {
      String sql = substitute(m.text(), placeholders);
      if (sql == null) {
        return false;
      }
      scripts.add(sql);
    }
    try (Connection c = ds.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (!empty(c)) {
          c.rollback();
          return false;
        }
        try (Statement s = c.createStatement()) {
          s.executeUpdate(HISTORY_TABLE);
          s.executeUpdate(HISTORY_INDEX);
        }
        for (int i = 0; i < migrations.size(); i++) {
          Migration m = migrations.get(i);
          long start = System.nanoTime();
          try (Statement s = c.createStatement()) {
            // sqlite-jdbc runs every statement of the text (sqlite3_exec), as Flyway runs them one
            // by one.
            s.executeUpdate(scripts.get(i));
          } catch (SQLException e) {
            // Named here, as the innermost message is what a user sees (StateStores.describe).
            SQLException named = new SQLException("migration " + m.file() + ": " + e.getMessage());
            named.addSuppressed(e);
            throw named;
          }
          int millis = (int) ((System.nanoTime() - start) / 1_000_000);
          try (PreparedStatement p = c.prepareStatement(HISTORY_ROW)) {
            p.setInt(1, i + 1);
            p.setString(2, m.version());
            p.setString(3, m.description());
            p.setString(4, m.file());
            p.setInt(5, checksum(m.text()));
            p.setString(6, INSTALLED_BY);
            p.setInt(7, millis);
            p.executeUpdate();
          }
        }
        c.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** Whether the database holds no table, index, view or trigger at all. */
  private static boolean empty(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
      return rs.next() && rs.getLong(1) == 0;
    }
  }

  /**
   * The shipped migrations in Flyway's order (by version, compared part by part as numbers), or
   * null when they cannot all be listed and read, or two share a version (Flyway reports that).
   */
  private static List<Migration> migrations(ClassLoader loader) {
    List<String> files = AppliedMigrations.files(loader);
    if (files == null || files.isEmpty()) {
      return null;
    }
    List<Migration> out = new ArrayList<>();
    try {
      for (String file : files) {
        List<URL> found =
            Collections.list(loader.getResources(AppliedMigrations.LOCATION + "/" + file));
        if (found.size() != 1) {
          return null;
        }
        String text;
        try (InputStream in = found.get(0).openStream()) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (text.startsWith("\uFEFF")) {
          // Flyway drops a byte order mark; leave such a file to it rather than copy how.
          return null;
        }
        String version = AppliedMigrations.version(file);
        String rest = file.substring(file.indexOf("__") + 2, file.length() - ".sql".length());
        out.add(new Migration(file, version, rest.replace('_', ' '), text));
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    Comparator<Migration> byVersion = (x, y) -> compareVersions(x.version(), y.version());
    out.sort(byVersion);
    for (int i = 1; i < out.size(); i++) {
      if (byVersion.compare(out.get(i - 1), out.get(i)) == 0) {
        return null;
      }
    }
    return out;
  }

  /** Flyway's order of versions: part by part as numbers, a missing part counting as zero. */
  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.", -1);
    String[] y = b.split("\\.", -1);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      BigInteger p = i < x.length ? new BigInteger(x[i]) : BigInteger.ZERO;
      BigInteger q = i < y.length ? new BigInteger(y[i]) : BigInteger.ZERO;
      int c = p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * The script with its placeholders replaced, or null when it holds one not given (Flyway then
   * reports it), including Flyway's own {@code ${flyway:…}} ones.
   */
  static String substitute(String text, Map<String, String> placeholders) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    int from = 0;
    while (true) {
      int open = text.indexOf("${", from);
      if (open < 0) {
        out.append(text, from, text.length());
        return out.toString();
      }
      int close = text.indexOf('}', open + 2);
      if (close < 0) {
        return null;
      }
      String value = placeholders.get(text.substring(open + 2, close));
      if (value == null) {
        return null;
      }
      out.append(text, from, open).append(value);
      from = close + 1;
    }
  }

  /**
   * Flyway's checksum of a migration: a CRC-32 over the UTF-8 bytes of its lines without their line
   * breaks, taken before placeholders are replaced.
   */
  static int checksum(String text) {
    CRC32 crc = new CRC32();
    try (BufferedReader in = new BufferedReader(new StringReader(text))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
    return (int) crc.getValue();
  }
}
