package dev.tandem.engine.store;

import java.nio.file.Path;

/**
 * The {@code store:} section of the configuration.
 *
 * @param kind {@code sqlite} (the default) or {@code postgres}
 * @param path the SQLite database file (default {@code ./data/tandem.db})
 * @param url the PostgreSQL JDBC URL ({@code jdbc:postgresql://host:port/database})
 * @param user the PostgreSQL user
 * @param password the PostgreSQL password
 */
public record StoreSettings(String kind, Path path, String url, String user, String password) {
  public static final Path DEFAULT_PATH = Path.of("data", "tandem.db");

  /** The default store: SQLite in {@code ./data/tandem.db}. */
  public static StoreSettings defaults() {
    return sqlite(DEFAULT_PATH);
  }

  public static StoreSettings sqlite(Path path) {
    return new StoreSettings("sqlite", path, null, null, null);
  }

  public static StoreSettings postgres(String url, String user, String password) {
    return new StoreSettings("postgres", null, url, user, password);
  }

  /** Without the password, so that settings can be logged. */
  @Override
  public String toString() {
    return "StoreSettings[kind="
        + kind
        + ", path="
        + path
        + ", url="
        + url
        + ", user="
        + user
        + ", password="
        + (password == null ? "null" : "***")
        + "]";
  }
}
