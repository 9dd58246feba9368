package dev.tandem.engine.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** {@link EmbeddedPostgresServer} for tests in other packages. */
public final class TestPostgres {
  public static final String USER = EmbeddedPostgresServer.USER;
  public static final String PASSWORD = EmbeddedPostgresServer.PASSWORD;

  private TestPostgres() {}

  public static EmbeddedPostgres start() throws Exception {
    return EmbeddedPostgresServer.start();
  }

  /** An empty database owned by {@link #USER}; returns its JDBC URL. */
  public static String createDatabase(EmbeddedPostgres pg, String name) throws Exception {
    return EmbeddedPostgresServer.createDatabase(pg, name);
  }
}
