package dev.tandem.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Dashboard login sessions, kept in the store so that they survive a restart. The cookie holds a
 * random id; the store keeps its SHA-256 hash, the user, the session's CSRF token and its expiry.
 */
public final class Sessions {
  /** How long a login lasts. */
  public static final Duration LIFETIME = Duration.ofHours(12);

  private final Jdbi jdbi;
  private final Clock clock;

  /**
   * A live session.
   *
   * @param id the raw id, as in the cookie (only known right after {@link #create}, or when found
   *     by it)
   * @param user the user's name
   * @param csrfToken the token forms and htmx requests must send back
   */
  public record Session(String id, String user, String csrfToken, Instant expiresAt) {}

  public Sessions(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public Session create(String user) {
    String id = Tokens.random(32);
    String csrf = Tokens.random(24);
    long now = clock.millis();
    long expires = now + LIFETIME.toMillis();
    jdbi.useHandle(
        h -> {
          // Expired sessions go whenever someone logs in: no sweeper thread needed.
          h.createUpdate("DELETE FROM sessions WHERE expires_at < :now").bind("now", now).execute();
          h.createUpdate(
                  "INSERT INTO sessions (id_hash, user_name, csrf_token, created_at, expires_at)"
                      + " VALUES (:id, :u, :c, :t, :e)")
              .bind("id", Tokens.sha256(id))
              .bind("u", user)
              .bind("c", csrf)
              .bind("t", now)
              .bind("e", expires)
              .execute();
        });
    return new Session(id, user, csrf, Instant.ofEpochMilli(expires));
  }

  /** The unexpired session with this cookie value. */
  public Optional<Session> find(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT user_name, csrf_token, expires_at FROM sessions"
                        + " WHERE id_hash = :id AND expires_at > :now")
                .bind("id", Tokens.sha256(id))
                .bind("now", clock.millis())
                .map(
                    (rs, ctx) ->
                        new Session(
                            id,
                            rs.getString(1),
                            rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3))))
                .findOne());
  }

  /** Logs the session out. */
  public void delete(String id) {
    if (id == null) {
      return;
    }
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM sessions WHERE id_hash = :id")
                .bind("id", Tokens.sha256(id))
                .execute());
  }

  /** Logs the user out everywhere (after a password change). */
  public void deleteForUser(String user) {
    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM sessions WHERE user_name = :u").bind("u", user).execute());
  }
}
