package dev.tandem.server.auth;

import dev.tandem.server.ServiceException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Bearer tokens for API clients. A token is shown once when created; the store keeps only its
 * SHA-256 hash. Revoking deletes it.
 */
public final class ApiTokens {
  /**
   * Every token starts with this, so that leaked ones are easy to find in logs and repositories.
   */
  public static final String PREFIX = "tdm_";

  private final Jdbi jdbi;
  private final Clock clock;

  /**
   * A token as listed (never with its secret value).
   *
   * @param id its public id, for revoking
   * @param user the user it acts as
   * @param label what its creator called it
   */
  public record Info(String id, String user, String label, Instant createdAt, Instant lastUsedAt) {}

  /** A token just created: {@code token} is shown this once and never again. */
  public record Created(Info info, String token) {}

  public ApiTokens(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public Created create(String user, String label) {
    String l = label == null || label.isBlank() ? "api token" : label.strip();
    if (l.length() > 100) {
      throw ServiceException.invalid("name must have at most 100 characters");
    }
    String id = Tokens.random(9);
    String token = PREFIX + Tokens.random(32);
    long now = clock.millis();
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO api_tokens (id, user_name, label, token_hash, created_at)"
                        + " VALUES (:id, :u, :l, :h, :t)")
                .bind("id", id)
                .bind("u", user)
                .bind("l", l)
                .bind("h", Tokens.sha256(token))
                .bind("t", now)
                .execute());
    return new Created(new Info(id, user, l, Instant.ofEpochMilli(now), null), token);
  }

  /** The token's owner, if the token exists; notes when it was last used. */
  public Optional<String> authenticate(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String hash = Tokens.sha256(token);
    Optional<String> user =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT user_name FROM api_tokens WHERE token_hash = :h")
                    .bind("h", hash)
                    .mapTo(String.class)
                    .findOne());
    user.ifPresent(
        u ->
            jdbi.useHandle(
                h ->
                    // At most one write a minute per token, not one per request.
                    h.createUpdate(
                            "UPDATE api_tokens SET last_used_at = :t WHERE token_hash = :h"
                                + " AND (last_used_at IS NULL OR last_used_at < :stale)")
                        .bind("t", clock.millis())
                        .bind("stale", clock.millis() - 60_000)
                        .bind("h", hash)
                        .execute()));
    return user;
  }

  public List<Info> list(String user) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, user_name, label, created_at, last_used_at FROM api_tokens"
                        + " WHERE user_name = :u ORDER BY created_at, id")
                .bind("u", user)
                .map(
                    (rs, ctx) -> {
                      long used = rs.getLong(5);
                      boolean never = rs.wasNull();
                      return new Info(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getString(3),
                          Instant.ofEpochMilli(rs.getLong(4)),
                          never ? null : Instant.ofEpochMilli(used));
                    })
                .list());
  }

  /** Revokes one of the user's tokens; false when the user has no token with that id. */
  public boolean revoke(String user, String id) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM api_tokens WHERE id = :id AND user_name = :u")
                    .bind("id", id)
                    .bind("u", user)
                    .execute())
        > 0;
  }
}
