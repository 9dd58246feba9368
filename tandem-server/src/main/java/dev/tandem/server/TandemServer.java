package dev.tandem.server;

import dev.tandem.core.spi.ConfigException;
import dev.tandem.engine.service.SyncControl;
import dev.tandem.server.api.AccountsApi;
import dev.tandem.server.api.ConnectionsApi;
import dev.tandem.server.api.OpsApi;
import dev.tandem.server.api.UsersApi;
import dev.tandem.server.auth.Auth;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.ParsedEndpoint;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's HTTP server: the REST API under {@code /api}, {@code /healthz}, {@code /metrics}, and
 * whatever else is installed with {@link Builder#routes} (the webhook endpoint, the dashboard).
 *
 * <pre>{@code
 * ServerContext context = ServerContext.create(store, secrets, Catalog.installedApps(), dir, clock);
 * context.catalog().seed(config);
 * SyncControl sync = ...; // the sync service, reading connections from context.catalog()
 * try (TandemServer server = TandemServer.builder(context, sync)
 *     .settings(ServerSettings.http("0.0.0.0", 8080))
 *     .routes(cfg -> cfg.routes.post("/webhooks/{connection}/{side}", webhooks))
 *     .build()
 *     .start()) { ... }
 * }</pre>
 *
 * Every change to a connection in the catalog reloads it in the sync service.
 */
public final class TandemServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TandemServer.class);

  private final ServerContext context;
  private final SyncControl sync;
  private final ServerSettings settings;
  private final List<Consumer<JavalinConfig>> installers;
  private Javalin app;

  private TandemServer(Builder b) {
    this.context = b.context;
    this.sync = b.sync;
    this.settings = b.settings;
    this.installers = List.copyOf(b.installers);
    context.catalog().onChange(sync::reload);
  }

  public static Builder builder(ServerContext context, SyncControl sync) {
    return new Builder(context, sync);
  }

  /** How to build a server; only the context and the sync service are required. */
  public static final class Builder {
    private final ServerContext context;
    private final SyncControl sync;
    private ServerSettings settings = ServerSettings.http("127.0.0.1", 8080);
    private final List<Consumer<JavalinConfig>> installers = new ArrayList<>();

    private Builder(ServerContext context, SyncControl sync) {
      this.context = Objects.requireNonNull(context, "context");
      this.sync = Objects.requireNonNull(sync, "sync");
    }

    public Builder settings(ServerSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Installs more routes (the webhook endpoint, the dashboard's pages) when the server is
     * configured. Routes outside {@code /api} are not behind the API's authentication: a dashboard
     * page calls {@code context.auth().resolve(ctx)} (or {@code require}) itself.
     */
    public Builder routes(Consumer<JavalinConfig> installer) {
      installers.add(Objects.requireNonNull(installer, "installer"));
      return this;
    }

    public TandemServer build() {
      return new TandemServer(this);
    }
  }

  public ServerContext context() {
    return context;
  }

  /** Starts listening. */
  public synchronized TandemServer start() {
    if (app != null) {
      throw new IllegalStateException("the server is running already");
    }
    if (settings.tls() && !Files.isReadable(settings.keystore())) {
      throw new ConfigException(
          "server.tls.keystore: cannot read " + settings.keystore().toAbsolutePath());
    }
    Javalin created = Javalin.create(this::configure);
    try {
      created.start();
    } catch (RuntimeException e) {
      created.stop();
      throw new ConfigException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + rootMessage(e));
    }
    app = created;
    log.info("event=server.started url={} tls={}", url(), settings.tls());
    return this;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private void configure(JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.jetty.host = settings.host();
    config.jetty.port = settings.port();
    if (settings.tls()) {
      config.jetty.addConnector(
          (server, http) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(settings.keystore().toAbsolutePath().toString());
            ssl.setKeyStorePassword(settings.keystorePassword());
            HttpConfiguration https = new HttpConfiguration(http);
            // No SNI host check: a certificate for the machine's name must also serve localhost.
            https.addCustomizer(new SecureRequestCustomizer(false));
            ServerConnector c =
                new ServerConnector(
                    server,
                    new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(https));
            c.setHost(settings.host());
            c.setPort(settings.port());
            return c;
          });
    }
    Auth auth = context.auth();
    config.routes.before(
        "/api/*",
        ctx -> {
          if (isPublic(ctx)) {
            return;
          }
          auth.require(ctx);
        });
    config.routes.exception(
        ServiceException.class, (e, ctx) -> fail(ctx, e.status(), e.getMessage()));
    config.routes.exception(ConfigException.class, (e, ctx) -> fail(ctx, 400, e.getMessage()));
    config.routes.exception(
        HttpResponseException.class, (e, ctx) -> fail(ctx, e.getStatus(), e.getMessage()));
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          log.error(
              "event=http.error method={} path={} error={}",
              ctx.method(),
              ctx.path(),
              e.toString(),
              e);
          fail(ctx, 500, "internal error; the server log has the details");
        });
    config.requestLogger.http(
        (ctx, ms) -> {
          if (ctx.statusCode() >= 500) {
            context.metrics().error("http");
          }
          var p = Auth.current(ctx);
          log.info(
              "event=http method={} path={} status={} ms={} user={}",
              ctx.method(),
              ctx.path(),
              ctx.statusCode(),
              Math.round(ms),
              p == null ? "-" : p.name());
        });
    new OpsApi(context.store(), context.metrics()).install(config.routes);
    new UsersApi(context.users(), context.tokens(), context.sessions(), auth)
        .install(config.routes);
    new AccountsApi(context.catalog()).install(config.routes);
    new ConnectionsApi(context.catalog(), context.history(), sync).install(config.routes);
    for (Consumer<JavalinConfig> installer : installers) {
      installer.accept(config);
    }
  }

  private static boolean isPublic(Context ctx) {
    String path = ctx.path();
    return path.equals("/api/openapi.json")
        || (path.equals("/api/session") && ctx.method() == HandlerType.POST);
  }

  private static void fail(Context ctx, int status, String message) {
    if (status == 401) {
      ctx.header("WWW-Authenticate", Auth.CHALLENGE);
    }
    Json.error(ctx, status, message);
  }

  /** The port it listens on (the one picked, when started with port 0). */
  public int port() {
    if (app == null) {
      throw new IllegalStateException("the server is not running");
    }
    return app.port();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    String host = settings.host();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    }
    return (settings.tls() ? "https" : "http") + "://" + host + ":" + port();
  }

  /** Every HTTP route served, as {@code METHOD path} (filters excluded). */
  public List<String> routes() {
    if (app == null) {
      throw new IllegalStateException("the server is not running");
    }
    List<String> out = new ArrayList<>();
    for (ParsedEndpoint e : app.unsafe.internalRouter.allHttpHandlers()) {
      HandlerType m = e.endpoint.method;
      if (m.isHttpMethod()) {
        out.add(m.name() + " " + e.endpoint.path);
      }
    }
    return out;
  }

  /** Stops listening; requests in progress finish first. */
  public synchronized void stop() {
    if (app != null) {
      app.stop();
      app = null;
      log.info("event=server.stopped");
    }
  }

  @Override
  public void close() {
    stop();
  }
}
