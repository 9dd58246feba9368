package dev.tandem.server.auth;

import dev.tandem.server.ServiceException;
import dev.tandem.server.catalog.Names;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and workspaces. Passwords are kept as {@link Passwords} hashes only.
 *
 * <p>Checking a password costs a PBKDF2 derivation (tens of milliseconds of CPU, on purpose). API
 * clients using HTTP Basic send the password with every request, so a successful check is
 * remembered for a minute under an HMAC of name and password with a key that lives only in this
 * process's memory; changing a password forgets it.
 */
public final class Users {
  /** The workspace the first user and the YAML config's connections live in. */
  public static final String DEFAULT_WORKSPACE = "default";

  /** The user the first start creates. */
  public static final String ADMIN = "admin";

  /** The environment variable with the first admin's password. */
  public static final String ADMIN_PASSWORD_ENV = "TANDEM_ADMIN_PASSWORD";

  private static final Logger log = LoggerFactory.getLogger(Users.class);
  private static final Duration REMEMBER = Duration.ofMinutes(1);

  private final Jdbi jdbi;
  private final Clock clock;
  private final byte[] cacheKey = new byte[32];
  private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

  private record Remembered(String user, long until) {}

  public Users(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
    new SecureRandom().nextBytes(cacheKey);
  }

  /**
   * On first start (no user yet), creates the workspace {@code default} and its admin user {@code
   * admin} with {@code password}, or a generated one when it is null or blank.
   *
   * @return the generated password, to be shown once; empty when a user existed already or the
   *     password was given
   */
  public Optional<String> ensureAdmin(String password) {
    createWorkspace(DEFAULT_WORKSPACE);
    long users =
        jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    if (users > 0) {
      return Optional.empty();
    }
    boolean generate = password == null || password.isBlank();
    String pw = generate ? Passwords.generate() : password;
    create(ADMIN, pw, DEFAULT_WORKSPACE, true);
    log.info(
        "event=user.created user={} workspace={} admin=true generated_password={}",
        ADMIN,
        DEFAULT_WORKSPACE,
        generate);
    return generate ? Optional.of(pw) : Optional.empty();
  }

  /** The user with this name and password, if both are right. */
  public Optional<User> authenticate(String name, String password) {
    if (name == null || password == null) {
      return Optional.empty();
    }
    String key = cacheKey(name, password);
    Remembered r = verified.get(key);
    long now = clock.millis();
    if (r != null && r.until() > now) {
      return find(name);
    }
    Optional<String> hash =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT password_hash FROM users WHERE name = :n")
                    .bind("n", name)
                    .mapTo(String.class)
                    .findOne());
    // Without such a user, hash a dummy anyway so that the answer takes as long either way.
    boolean ok = Passwords.verify(password, hash.orElse(DUMMY_HASH)) && hash.isPresent();
    if (!ok) {
      return Optional.empty();
    }
    if (verified.size() > 10_000) {
      verified.clear();
    }
    verified.put(key, new Remembered(name, now + REMEMBER.toMillis()));
    return find(name);
  }

  private static final String DUMMY_HASH = Passwords.hash(Tokens.random(16));

  private String cacheKey(String name, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
      mac.update(name.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public Optional<User> find(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name, workspace, admin FROM users WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) -> new User(rs.getString(1), rs.getString(2), rs.getInt(3) != 0))
                .findOne());
  }

  /** Users of a workspace, or of every workspace when it is null, by name. */
  public List<User> list(String workspace) {
    return jdbi.withHandle(
        h -> {
          var q =
              h.createQuery(
                  "SELECT name, workspace, admin FROM users"
                      + (workspace == null ? "" : " WHERE workspace = :w")
                      + " ORDER BY name");
          if (workspace != null) {
            q.bind("w", workspace);
          }
          return q.map((rs, ctx) -> new User(rs.getString(1), rs.getString(2), rs.getInt(3) != 0))
              .list();
        });
  }

  /**
   * Creates a user, and its workspace when that does not exist yet.
   *
   * @throws ServiceException 400 for a bad name or a short password, 409 when the name is taken
   */
  public User create(String name, String password, String workspace, boolean admin) {
    Names.check(name, "user name");
    Names.check(workspace, "workspace");
    if (password == null || password.length() < 8) {
      throw ServiceException.invalid("password must have at least 8 characters");
    }
    if (find(name).isPresent()) {
      throw ServiceException.conflict("a user named '" + name + "' exists already");
    }
    createWorkspace(workspace);
    String hash = Passwords.hash(password);
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO users (name, workspace, password_hash, admin, created_at)"
                        + " VALUES (:n, :w, :h, :a, :t)")
                .bind("n", name)
                .bind("w", workspace)
                .bind("h", hash)
                .bind("a", admin ? 1 : 0)
                .bind("t", clock.millis())
                .execute());
    return new User(name, workspace, admin);
  }

  /** Sets a new password (and forgets remembered checks of the old one). */
  public void setPassword(String name, String password) {
    if (password == null || password.length() < 8) {
      throw ServiceException.invalid("password must have at least 8 characters");
    }
    String hash = Passwords.hash(password);
    int n =
        jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE users SET password_hash = :h WHERE name = :n")
                    .bind("h", hash)
                    .bind("n", name)
                    .execute());
    if (n == 0) {
      throw ServiceException.notFound("no user named '" + name + "'");
    }
    verified.values().removeIf(r -> r.user().equals(name));
  }

  /** Creates a workspace unless it exists. */
  public void createWorkspace(String name) {
    Names.check(name, "workspace");
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO workspaces (name, created_at) VALUES (:n, :t)"
                        + " ON CONFLICT (name) DO NOTHING")
                .bind("n", name)
                .bind("t", clock.millis())
                .execute());
  }

  public List<String> workspaces() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT name FROM workspaces ORDER BY name").mapTo(String.class).list());
  }
}
