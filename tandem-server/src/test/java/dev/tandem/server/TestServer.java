package dev.tandem.server;

import dev.tandem.engine.service.SyncService;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.server.catalog.Catalog;
import dev.tandem.server.catalog.Secrets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on a free loopback port over a SQLite (or given) store, with admin's password known,
 * driven by the real {@link SyncService} with {@link FastSync#OPTIONS}.
 */
final class TestServer implements AutoCloseable {
  static final String ADMIN_PASSWORD = "admin-password-1";

  final Path dir;
  final StateStore store;
  final ServerContext context;
  final SyncService sync;
  final TandemServer server;

  /** The connection ids the catalog told the sync service to reload, in order. */
  final List<String> reloaded = new CopyOnWriteArrayList<>();

  TestServer(Path dir) {
    this(dir, StateStores.sqlite(dir.resolve("tandem.db")), ServerSettings.http("127.0.0.1", 0));
  }

  TestServer(Path dir, StateStore store, ServerSettings settings) {
    this.dir = dir;
    this.store = store;
    Secrets secrets = Secrets.load(null, dir.resolve(Secrets.KEY_FILE));
    Clock clock = Clock.systemUTC();
    this.context = ServerContext.create(store, secrets, Catalog.installedApps(), dir, clock);
    context.users().ensureAdmin(ADMIN_PASSWORD);
    this.sync = new SyncService(store, context.catalog(), clock, FastSync.OPTIONS);
    sync.onRun(r -> context.metrics().run(r, context.catalog().appTypes(r.connection())));
    context.catalog().onChange(reloaded::add);
    this.server = TandemServer.builder(context, sync).settings(settings).build().start();
    sync.start();
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
    sync.close();
    store.close();
  }
}
