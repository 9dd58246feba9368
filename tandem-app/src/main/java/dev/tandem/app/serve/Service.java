package dev.tandem.app.serve;

import dev.tandem.core.model.Side;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.engine.service.SyncService;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.server.ServerContext;
import dev.tandem.server.ServerSettings;
import dev.tandem.server.TandemServer;
import dev.tandem.server.auth.Users;
import dev.tandem.server.catalog.Catalog;
import dev.tandem.server.catalog.Secrets;
import dev.tandem.server.web.Dashboard;
import dev.tandem.server.webhook.WebhookEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code tandem serve} assembled: the store, the server's services, the sync service scheduling
 * every connection, and the web server with the API, the dashboard and the webhook receivers.
 * Starting it seeds the config's apps and connections into the workspace {@code default}; closing
 * it stops in the safe order (no new requests, then runs stop at a safe point, then the store).
 */
public final class Service implements AutoCloseable {
  private final StateStore store;
  private final ServerContext context;
  private final SyncService sync;
  private final TandemServer server;
  private final Optional<String> generatedAdminPassword;

  private Service(
      StateStore store,
      ServerContext context,
      SyncService sync,
      TandemServer server,
      Optional<String> generatedAdminPassword) {
    this.store = store;
    this.context = context;
    this.sync = sync;
    this.server = server;
    this.generatedAdminPassword = generatedAdminPassword;
  }

  /**
   * Opens the store, seeds it from the config and starts everything.
   *
   * @param port overrides {@code server.port} when not null
   * @param env the environment ({@code TANDEM_ADMIN_PASSWORD}, {@code TANDEM_SECRET_KEY})
   */
  public static Service start(
      TandemConfig config,
      Integer port,
      Function<String, String> env,
      Clock clock,
      SyncService.Options options) {
    StateStore store = open(config.store());
    SyncService sync = null;
    try {
      Secrets secrets = Secrets.load(env.apply(Secrets.ENV), keyFile(config));
      ServerContext ctx =
          ServerContext.create(store, secrets, Catalog.installedApps(), config.baseDir(), clock);
      ctx.catalog().seed(config);
      sync = new SyncService(store, ctx.catalog(), clock, options);
      sync.onRun(
          report -> {
            Map<Side, String> apps = ctx.catalog().appTypes(report.connection());
            ctx.metrics().run(report, apps);
          });
      SyncService control = sync;
      TandemServer server =
          TandemServer.builder(ctx, control)
              .settings(settings(config.server(), port))
              .routes(
                  cfg ->
                      WebhookEndpoint.install(
                          cfg,
                          control,
                          (connection, side, outcome, handling, notices) ->
                              ctx.metrics().webhookLatency(handling)))
              .routes(new Dashboard(ctx, control, clock)::install)
              .build()
              .start();
      // Only once the server listens: a start that fails earlier (a busy port, say) must not leave
      // an admin behind whose generated password nobody was shown.
      Optional<String> password;
      try {
        password = ctx.users().ensureAdmin(env.apply(Users.ADMIN_PASSWORD_ENV));
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      sync.start();
      return new Service(store, ctx, sync, server, password);
    } catch (RuntimeException e) {
      if (sync != null) {
        sync.close();
      }
      store.close();
      throw e;
    }
  }

  private static StateStore open(TandemConfig.Store s) {
    return "postgres".equals(s.type())
        ? StateStores.postgres(s.url(), s.user(), s.password())
        : StateStores.sqlite(s.path());
  }

  /** The key file lives next to the SQLite file, or next to the config for PostgreSQL. */
  private static Path keyFile(TandemConfig config) {
    Path dir =
        "sqlite".equals(config.store().type()) && config.store().path().getParent() != null
            ? config.store().path().getParent()
            : config.baseDir();
    return dir.resolve(Secrets.KEY_FILE);
  }

  private static ServerSettings settings(TandemConfig.Server s, Integer port) {
    int p = port != null ? port : s.port();
    return s.keystore() == null
        ? ServerSettings.http(s.host(), p)
        : ServerSettings.https(s.host(), p, s.keystore(), s.keystorePassword());
  }

  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  public ServerContext context() {
    return context;
  }

  public SyncService sync() {
    return sync;
  }

  /** The admin password made up on the very first start (print it once), if it was. */
  public Optional<String> generatedAdminPassword() {
    return generatedAdminPassword;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      try {
        sync.close();
      } finally {
        store.close();
      }
    }
  }
}
