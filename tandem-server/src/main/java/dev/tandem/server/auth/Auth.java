package dev.tandem.server.auth;

import dev.tandem.server.ServiceException;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling: HTTP Basic with a user's password, {@code Authorization: Bearer} with an API
 * token, or the dashboard's session cookie. Requests authenticated by the cookie (the only
 * credential a browser sends by itself) must also prove they come from our own pages for every
 * unsafe method: the session's CSRF token in the {@value #CSRF_HEADER} header (htmx) or the {@value
 * #CSRF_FIELD} form field.
 *
 * <p>Handlers get the caller with {@link #principal(Context)} after {@link #require} ran (the
 * {@code /api} filter does that).
 */
public final class Auth {
  public static final String COOKIE = "tandem_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final String CSRF_FIELD = "_csrf";
  public static final String CHALLENGE = "Basic realm=\"tandem\", charset=\"UTF-8\"";

  private static final String ATTRIBUTE = "tandem.principal";
  private static final Set<HandlerType> SAFE =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
  private static final Logger log = LoggerFactory.getLogger(Auth.class);

  private final Users users;
  private final ApiTokens tokens;
  private final Sessions sessions;
  private final LoginThrottle throttle = new LoginThrottle(java.time.Clock.systemUTC());

  public Auth(Users users, ApiTokens tokens, Sessions sessions) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
  }

  /**
   * Checks a name and password, unless the caller's address made too many wrong guesses lately.
   *
   * @throws ServiceException 429 while the address must wait
   */
  private Optional<User> checkPassword(Context ctx, String name, String password) {
    java.time.Duration wait = throttle.wait(ctx.ip());
    if (!wait.isZero()) {
      log.warn(
          "event=auth.throttled ip={} user={} wait_s={}", ctx.ip(), name, wait.toSeconds() + 1);
      throw new ServiceException(
          429,
          "too many wrong passwords from this address; try again in "
              + (wait.toSeconds() + 1)
              + " s");
    }
    Optional<User> user = users.authenticate(name, password);
    if (user.isEmpty()) {
      throttle.failed(ctx.ip());
    }
    return user;
  }

  /**
   * The caller, from the Authorization header or the session cookie; remembered on the context.
   * Wrong credentials count as none.
   */
  public Optional<Principal> resolve(Context ctx) {
    Principal known = ctx.attribute(ATTRIBUTE);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Principal> p = fromHeader(ctx);
    if (p.isEmpty()) {
      p =
          sessions
              .find(ctx.cookie(COOKIE))
              .flatMap(s -> users.find(s.user()).map(u -> new Principal(u, "session", s)));
    }
    p.ifPresent(x -> ctx.attribute(ATTRIBUTE, x));
    return p;
  }

  private Optional<Principal> fromHeader(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null) {
      return Optional.empty();
    }
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String value = space < 0 ? "" : header.substring(space + 1).strip();
    if (scheme.equalsIgnoreCase("Bearer")) {
      return tokens
          .authenticate(value)
          .flatMap(users::find)
          .map(u -> new Principal(u, "token", null));
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return Optional.empty();
      }
      return checkPassword(ctx, decoded.substring(0, colon), decoded.substring(colon + 1))
          .map(u -> new Principal(u, "basic", null));
    }
    return Optional.empty();
  }

  /**
   * A filter: the request must come from a known caller, and a cookie-authenticated unsafe request
   * must carry the CSRF token.
   *
   * @throws ServiceException 401 without (valid) credentials, 403 without the CSRF token
   */
  public Principal require(Context ctx) {
    Principal p =
        resolve(ctx)
            .orElseThrow(
                () -> {
                  log.info(
                      "event=auth.refused method={} path={} reason={} ip={}",
                      ctx.method(),
                      ctx.path(),
                      ctx.header("Authorization") == null && ctx.cookie(COOKIE) == null
                          ? "no-credentials"
                          : "bad-credentials",
                      ctx.ip());
                  return new ServiceException(401, "authentication required");
                });
    checkCsrf(ctx, p);
    return p;
  }

  /**
   * Refuses an unsafe request made with the session cookie but without the session's CSRF token.
   */
  public static void checkCsrf(Context ctx, Principal p) {
    if (p.session() == null || SAFE.contains(ctx.method())) {
      return;
    }
    String sent = ctx.header(CSRF_HEADER);
    if (sent == null && isForm(ctx)) {
      sent = ctx.formParam(CSRF_FIELD);
    }
    if (!Tokens.equalsConstantTime(sent, p.session().csrfToken())) {
      log.info(
          "event=auth.csrf_refused method={} path={} user={}", ctx.method(), ctx.path(), p.name());
      throw ServiceException.forbidden(
          "missing or wrong CSRF token; reload the page and try again");
    }
  }

  private static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    return type != null
        && (type.startsWith("application/x-www-form-urlencoded")
            || type.startsWith("multipart/form-data"));
  }

  /** The caller of a request that passed {@link #require}. */
  public static Principal principal(Context ctx) {
    Principal p = ctx.attribute(ATTRIBUTE);
    if (p == null) {
      throw new ServiceException(401, "authentication required");
    }
    return p;
  }

  /** The caller if this request was authenticated already, else null (never looks anything up). */
  public static Principal current(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  /** The CSRF token pages must put in their forms (and htmx in its headers). */
  public static String csrfToken(Context ctx) {
    Principal p = principal(ctx);
    return p.session() == null ? "" : p.session().csrfToken();
  }

  /**
   * Logs a user in: checks the password, starts a session and sets its cookie (HttpOnly,
   * SameSite=Lax, Secure over HTTPS).
   *
   * @return the new session, empty when the name or password is wrong
   */
  public Optional<Sessions.Session> login(Context ctx, String name, String password) {
    Optional<User> user = checkPassword(ctx, name, password);
    if (user.isEmpty()) {
      log.info("event=login.refused user={} ip={}", name, ctx.ip());
      return Optional.empty();
    }
    Sessions.Session s = sessions.create(user.get().name());
    Cookie c =
        new Cookie(
            COOKIE,
            s.id(),
            "/",
            (int) Sessions.LIFETIME.toSeconds(),
            // Secure over HTTPS, also behind a proxy that terminates TLS and says so.
            "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")),
            true,
            null,
            SameSite.LAX);
    c.setHttpOnly(true);
    ctx.cookie(c);
    ctx.attribute(ATTRIBUTE, new Principal(user.get(), "session", s));
    log.info("event=login user={} ip={}", name, ctx.ip());
    return Optional.of(s);
  }

  /** Ends the request's session, if any, and clears its cookie. */
  public void logout(Context ctx) {
    sessions.delete(ctx.cookie(COOKIE));
    ctx.removeCookie(COOKIE, "/");
  }
}
