package dev.tandem.server;

import dev.tandem.core.spi.ConnectorFactory;
import dev.tandem.engine.store.StateStore;
import dev.tandem.server.auth.ApiTokens;
import dev.tandem.server.auth.Auth;
import dev.tandem.server.auth.Sessions;
import dev.tandem.server.auth.Users;
import dev.tandem.server.catalog.Catalog;
import dev.tandem.server.catalog.History;
import dev.tandem.server.catalog.Secrets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The server's services over one state store, as plain Java objects that both the REST handlers and
 * the dashboard's pages use. Create it before the sync service (which reads connections from {@link
 * #catalog()}), then give both to {@link TandemServer}.
 *
 * @param store the state store (closed by its owner, not here)
 * @param catalog accounts and connections per workspace; the sync service's ConnectionSource
 * @param history runs, health and activity per connection
 * @param users users and workspaces
 * @param tokens API tokens
 * @param sessions dashboard sessions
 * @param auth who is calling, login and CSRF
 * @param metrics the Prometheus metrics
 */
public record ServerContext(
    StateStore store,
    Catalog catalog,
    History history,
    Users users,
    ApiTokens tokens,
    Sessions sessions,
    Auth auth,
    Metrics metrics) {

  /**
   * Creates the services.
   *
   * @param secrets the key credentials are encrypted with ({@link Secrets#load})
   * @param apps the connector factories by app type ({@link Catalog#installedApps()})
   * @param baseDir where relative paths in account settings resolve (the config file's folder)
   */
  public static ServerContext create(
      StateStore store,
      Secrets secrets,
      Map<String, ConnectorFactory> apps,
      Path baseDir,
      Clock clock) {
    Jdbi jdbi = Jdbi.create(store.dataSource());
    Catalog catalog = new Catalog(store, secrets, apps, baseDir, clock);
    Users users = new Users(jdbi, clock);
    ApiTokens tokens = new ApiTokens(jdbi, clock);
    Sessions sessions = new Sessions(jdbi, clock);
    return new ServerContext(
        store,
        catalog,
        new History(catalog, store, clock),
        users,
        tokens,
        sessions,
        new Auth(users, tokens, sessions),
        new Metrics());
  }
}
