package dev.tandem.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepared statements kept per physical database connection, for the store's hot paths: preparing a
 * statement (and JDBI's parsing and binding around it) cost more than running a lookup of a few
 * hundred ids. Statements are prepared on the pool's underlying connection, so that returning the
 * pooled connection does not close them; they run in whatever transaction that connection is in.
 *
 * <p>{@code IN (…)} lists come in a few fixed lengths (the last value repeated to fill one), so
 * that a handful of statements serves every list.
 */
final class Statements {
  /** List lengths an {@code IN (…)} is padded to; the largest is {@link JdbcStateStore#CHUNK}. */
  private static final int[] LIST_SIZES = {1, 4, 16, 64, 200, JdbcStateStore.CHUNK};

  private final Map<Connection, Map<String, PreparedStatement>> cache = new WeakHashMap<>();

  /** A statement for {@code sql} on {@code connection}'s physical connection, prepared once. */
  synchronized PreparedStatement get(Connection connection, String sql) throws SQLException {
    Connection physical = connection.unwrap(Connection.class);
    Map<String, PreparedStatement> mine = cache.get(physical);
    if (mine == null) {
      // A new connection: the pool may have retired others, whose statements go with them (the
      // statements refer to their connection, so the weak keys alone would never let go).
      cache.keySet().removeIf(Statements::isClosed);
      mine = new HashMap<>();
      cache.put(physical, mine);
    }
    PreparedStatement ps = mine.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = physical.prepareStatement(sql);
      mine.put(sql, ps);
    }
    return ps;
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** The padded length of an {@code IN (…)} list of {@code n} values. */
  static int listSize(int n) {
    for (int size : LIST_SIZES) {
      if (n <= size) {
        return size;
      }
    }
    throw new IllegalArgumentException("at most " + JdbcStateStore.CHUNK + " values, not " + n);
  }

  /** {@code (?, ?, …)} of the padded length for {@code n} values. */
  static String placeholders(int n) {
    int size = listSize(n);
    StringBuilder out = new StringBuilder(size * 3 + 2).append('(');
    for (int i = 0; i < size; i++) {
      out.append(i == 0 ? "?" : ", ?");
    }
    return out.append(')').toString();
  }

  /** Binds {@code values} from parameter {@code first} on, repeating the last to fill the list. */
  static void bindList(PreparedStatement ps, int first, List<String> values) throws SQLException {
    int size = listSize(values.size());
    for (int i = 0; i < size; i++) {
      ps.setString(first + i, values.get(Math.min(i, values.size() - 1)));
    }
  }
}
