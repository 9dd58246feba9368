package dev.tandem.server;

import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.server.catalog.Catalog;
import dev.tandem.server.catalog.Secrets;
import java.nio.file.Path;
import java.time.Clock;

/** A server on a free loopback port over a SQLite (or given) store, with admin's password known. */
final class TestServer implements AutoCloseable {
  static final String ADMIN_PASSWORD = "admin-password-1";

  final Path dir;
  final StateStore store;
  final ServerContext context;
  final EngineSyncControl sync;
  final TandemServer server;

  TestServer(Path dir) {
    this(dir, StateStores.sqlite(dir.resolve("tandem.db")), ServerSettings.http("127.0.0.1", 0));
  }

  TestServer(Path dir, StateStore store, ServerSettings settings) {
    this.dir = dir;
    this.store = store;
    Secrets secrets = Secrets.load(null, dir.resolve(Secrets.KEY_FILE));
    this.context =
        ServerContext.create(store, secrets, Catalog.installedApps(), dir, Clock.systemUTC());
    context.users().ensureAdmin(ADMIN_PASSWORD);
    this.sync = new EngineSyncControl(context, Clock.systemUTC());
    this.server = TandemServer.builder(context, sync).settings(settings).build().start();
  }

  String url() {
    return server.url();
  }

  Http anonymous() {
    return Http.anonymous(url());
  }

  Http admin() {
    return anonymous().basic("admin", ADMIN_PASSWORD);
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
