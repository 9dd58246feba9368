package dev.tandem.engine.service;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * db-scheduler on SQLite, which db-scheduler does not know: times as epoch milliseconds (what the
 * rest of the store uses; SQLite has no timestamp type, and numbers compare correctly), and {@code
 * LIMIT n} instead of the ANSI {@code FETCH FIRST n ROWS ONLY} SQLite does not parse. Executions
 * are claimed with db-scheduler's generic optimistic locking, which SQLite's single writer makes
 * safe.
 */
final class SqliteDialect extends DefaultJdbcCustomization {
  SqliteDialect() {
    super(true);
  }

  @Override
  public String getName() {
    return "SQLite";
  }

  @Override
  public void setInstant(PreparedStatement p, int index, Instant value) throws SQLException {
    if (value == null) {
      p.setNull(index, Types.BIGINT);
    } else {
      p.setLong(index, value.toEpochMilli());
    }
  }

  @Override
  public Instant getInstant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  @Override
  public boolean supportsExplicitQueryLimitPart() {
    return true;
  }

  @Override
  public String getQueryLimitPart(int limit) {
    return " LIMIT " + limit;
  }
}
