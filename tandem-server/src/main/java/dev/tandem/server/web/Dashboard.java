package dev.tandem.server.web;

import dev.tandem.engine.service.SyncControl;
import dev.tandem.server.ServerContext;
import dev.tandem.server.ServiceException;
import dev.tandem.server.auth.Auth;
import dev.tandem.server.auth.Principal;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard: server-rendered pages (jte) with htmx for live refresh and in-place actions.
 * Install it on the server with {@code TandemServer.builder(context, sync).routes(new
 * Dashboard(context, sync, clock)::install)}.
 *
 * <p>Every page but the login form needs a session; a user sees and changes only their workspace's
 * connections (the catalog answers 404 for another's). Every POST carries the session's CSRF token
 * (a hidden field in forms, a header on htmx requests).
 */
public final class Dashboard {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

  /** htmx as shipped in the webjar; served from the class path, so no CDN is needed. */
  static final String HTMX = "/META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";

  static final String STYLESHEET = "/dev/tandem/server/web/dashboard.css";

  /** The double-submit cookie that guards the login form, which has no session yet. */
  static final String LOGIN_CSRF_COOKIE = "tandem_login_csrf";

  /**
   * Pages may load only our own scripts and styles: even a value that slipped through escaping
   * could not run.
   */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final ServerContext context;
  private final Templates templates = new Templates();
  private final ConnectionsPages connections;
  private final EditorPages editor;
  private final HistoryPages history;
  private final TokenPages tokens;
  private final SetupPages setup;
  private final SecureRandom random = new SecureRandom();

  public Dashboard(ServerContext context, SyncControl sync, Clock clock) {
    this.context = context;
    Times times = new Times(clock);
    this.connections = new ConnectionsPages(context, sync, templates, times);
    this.editor = new EditorPages(context, templates);
    this.history = new HistoryPages(context, sync, templates, times);
    this.tokens = new TokenPages(context, templates, times);
    this.setup = new SetupPages(context, templates);
  }

  /** A page handler for a logged-in user. */
  @FunctionalInterface
  interface PageHandler {
    void handle(Context ctx, Principal user) throws Exception;
  }

  /** Adds the dashboard's routes to the server's configuration. */
  public void install(JavalinConfig config) {
    RoutesConfig r = config.routes;
    r.get(Paths.ASSETS + "/dashboard.css", ctx -> asset(ctx, STYLESHEET, "text/css"));
    r.get(Paths.ASSETS + "/htmx.min.js", ctx -> asset(ctx, HTMX, "text/javascript"));
    r.get("/", ctx -> ctx.redirect(Paths.CONNECTIONS, HttpStatus.SEE_OTHER));
    r.get(Paths.LOGIN, this::loginForm);
    r.post(Paths.LOGIN, this::login);
    r.post(Paths.LOGOUT, page((ctx, p) -> logout(ctx)));
    connections.install(r, this::page);
    editor.install(r, this::page);
    history.install(r, this::page);
    tokens.install(r, this::page);
    setup.install(r, this::page);
  }

  /**
   * Wraps a handler: no session sends the browser to the login form; a POST without the CSRF token
   * is refused; a refusal from the services (404 for another workspace's connection, 400 for a bad
   * value) is shown as a page, not as JSON.
   */
  Handler page(PageHandler handler) {
    return ctx -> {
      secure(ctx);
      Optional<Principal> user = context.auth().resolve(ctx);
      if (user.isEmpty()) {
        if (ctx.method() == HandlerType.GET && ctx.header("HX-Request") == null) {
          ctx.redirect(Paths.LOGIN, HttpStatus.SEE_OTHER);
        } else {
          // htmx follows this header with a full page load.
          ctx.header("HX-Redirect", Paths.LOGIN);
          ctx.status(401).result("your session has ended; log in again");
        }
        return;
      }
      try {
        Auth.checkCsrf(ctx, user.get());
        handler.handle(ctx, user.get());
      } catch (ServiceException e) {
        error(ctx, user.get(), e.status(), e.getMessage());
      }
    };
  }

  void error(Context ctx, Principal user, int status, String message) {
    ctx.status(status);
    if (ctx.header("HX-Request") != null) {
      ctx.result(message);
      return;
    }
    ctx.html(
        templates.render(
            "error.jte",
            new ErrorPage(chrome(ctx, user, "Error", "connections"), status, message)));
  }

  static Chrome chrome(Context ctx, Principal user, String title, String nav) {
    return new Chrome(title, user.name(), user.workspace(), Auth.csrfToken(ctx), nav);
  }

  static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
  }

  private void asset(Context ctx, String resource, String type) {
    InputStream in = Dashboard.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("the build left out " + resource);
    }
    try (in) {
      ctx.header("Cache-Control", "public, max-age=3600");
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.contentType(type + "; charset=utf-8").result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void loginForm(Context ctx) {
    secure(ctx);
    if (context.auth().resolve(ctx).filter(p -> p.session() != null).isPresent()) {
      ctx.redirect(Paths.CONNECTIONS, HttpStatus.SEE_OTHER);
      return;
    }
    renderLogin(ctx, "", null);
  }

  private void renderLogin(Context ctx, String user, String error) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ctx.cookie(
        new Cookie(
            LOGIN_CSRF_COOKIE, token, Paths.LOGIN, 3600, https(ctx), true, null, SameSite.STRICT));
    ctx.html(
        templates.render(
            "login.jte", new LoginPage(new Chrome("Log in", null, null, token, ""), user, error)));
  }

  private static boolean https(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  private void login(Context ctx) {
    secure(ctx);
    String user = ctx.formParam("user") == null ? "" : ctx.formParam("user").strip();
    String sent = ctx.formParam(Chrome.CSRF_FIELD);
    String expected = ctx.cookie(LOGIN_CSRF_COOKIE);
    if (sent == null || expected == null || !constantTimeEquals(sent, expected)) {
      log.info("event=login.csrf_refused ip={}", ctx.ip());
      ctx.status(403);
      renderLogin(ctx, user, "The login form expired; please try again.");
      return;
    }
    String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
    try {
      if (context.auth().login(ctx, user, password).isEmpty()) {
        ctx.status(401);
        renderLogin(ctx, user, "Wrong user name or password.");
        return;
      }
    } catch (ServiceException e) {
      // Too many wrong passwords from this address: the message says how long to wait.
      ctx.status(e.status());
      renderLogin(ctx, user, e.getMessage());
      return;
    }
    ctx.removeCookie(LOGIN_CSRF_COOKIE, Paths.LOGIN);
    ctx.redirect(Paths.CONNECTIONS, HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    context.auth().logout(ctx);
    ctx.redirect(Paths.LOGIN, HttpStatus.SEE_OTHER);
  }

  private static boolean constantTimeEquals(String a, String b) {
    return java.security.MessageDigest.isEqual(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
