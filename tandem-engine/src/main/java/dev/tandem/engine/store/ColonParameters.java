package dev.tandem.engine.store;

import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads {@code :name} parameters out of the store's SQL with a plain scan. JDBI's own parser runs
 * an ANTLR lexer whose set-up was a noticeable part of a short sync's CPU; the store's statements
 * need only what this handles: {@code :name} and {@code ?} parameters, with quoted text, quoted
 * identifiers, comments, {@code ::} casts and backslash escapes left as they are (as JDBI's colon
 * syntax does).
 */
final class ColonParameters implements SqlParser {
  @Override
  public ParsedSql parse(String sql, StatementContext ctx) {
    ParsedSql.Builder out = ParsedSql.builder();
    StringBuilder text = new StringBuilder(sql.length());
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closing(sql, i, c);
        text.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        text.append(sql, i, end);
        i = end;
      } else if (c == '\\' && i + 1 < n) {
        text.append(sql.charAt(i + 1));
        i += 2;
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        text.append("::");
        i += 2;
      } else if (c == ':' && i + 1 < n && nameChar(sql.charAt(i + 1))) {
        int end = i + 1;
        while (end < n && nameChar(sql.charAt(end))) {
          end++;
        }
        out.append(text.toString());
        text.setLength(0);
        out.appendNamedParameter(sql.substring(i + 1, end));
        i = end;
      } else if (c == '?') {
        out.append(text.toString());
        text.setLength(0);
        out.appendPositionalParameter();
        i++;
      } else {
        text.append(c);
        i++;
      }
    }
    out.append(text.toString());
    return out.build();
  }

  /** The index after the quote that closes the one at {@code start} (a doubled quote escapes). */
  private static int closing(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static boolean nameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }

  @Override
  public String nameParameter(String rawName, StatementContext ctx) {
    return ":" + rawName;
  }
}
