package dev.tandem.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plain scan reads the store's SQL exactly as JDBI's own colon parser does. */
class ColonParametersTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT COUNT(*) FROM links WHERE sync_key = :k",
        "SELECT cursor_value FROM cursors WHERE sync_key = :k AND side = :side",
        "INSERT INTO pauses (connection, reason, until_at) VALUES (:c, :reason, :until)"
            + " ON CONFLICT (connection) DO UPDATE SET reason = excluded.reason",
        "UPDATE runs SET kind = :kind, finished_at = :finished WHERE id = :id",
        "SELECT pg_database_size(current_database())",
        "SELECT ':not_a_param', \"col:umn\" FROM t WHERE a = :a",
        "SELECT 'it''s :quoted' FROM t WHERE a = :a_1 AND b = :b.c",
        "SELECT x::text FROM t WHERE y = :y",
        "SELECT a FROM t WHERE b = ? AND c = ?",
        "SELECT a /* :comment */ FROM t WHERE b = :b",
        "SELECT a FROM t WHERE b = '\\:x' AND c = :c",
        "SELECT a FROM t WHERE b = : c",
        "SELECT a FROM t WHERE b = :",
        ""
      })
  void readsLikeJdbisParser(String sql) {
    ParsedSql ours = new ColonParameters().parse(sql, null);
    ParsedSql theirs = new ColonPrefixSqlParser().parse(sql, null);
    assertThat(ours.getSql()).isEqualTo(theirs.getSql());
    assertThat(ours.getParameters().getParameterNames())
        .isEqualTo(theirs.getParameters().getParameterNames());
    assertThat(ours.getParameters().isPositional())
        .isEqualTo(theirs.getParameters().isPositional());
  }
}
