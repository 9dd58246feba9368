package dev.tandem.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.ConnectorFactory;
import dev.tandem.engine.config.ConfigLoader;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.engine.service.LiveState;
import dev.tandem.engine.service.SyncService;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.server.FastSync;
import dev.tandem.server.ServerContext;
import dev.tandem.server.ServerSettings;
import dev.tandem.server.TandemServer;
import dev.tandem.server.catalog.Catalog;
import dev.tandem.server.catalog.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real server with the dashboard over a SQLite store in a temp folder, and one connection, {@code
 * people}, between two in-memory apps: side A holds Alice, a contact whose first name is a script
 * tag and Carol, whom B refuses; side B holds Bob. The real sync service runs it (every hour); its
 * initial sync has run.
 */
final class DashboardFixture implements AutoCloseable {
  static final String PASSWORD = "dashboard-password-1";
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String REFUSAL = "phone number +1 555 0000 is not a valid number";
  private static final AtomicLong SEQ = new AtomicLong();

  final Path dir;
  final StateStore store;
  final ServerContext context;
  final SyncService sync;
  final TandemServer server;
  final MemoryApp left;
  final MemoryApp right;
  final String alice;
  final String bob;

  DashboardFixture(Path dir) throws IOException {
    this.dir = dir;
    String suffix = ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    left = MemoryApp.named("dash-left-" + suffix);
    right = MemoryApp.named("dash-right-" + suffix);
    alice =
        left.put(
            ObjectType.CONTACT,
            Map.of(
                "email", "alice@example.com",
                "firstName", "Alice",
                "lastName", "Archer",
                "phone", "+1 555 0100"));
    left.put(
        ObjectType.CONTACT,
        Map.of("email", "script@example.com", "firstName", SCRIPT, "lastName", "Tag"));
    left.put(
        ObjectType.CONTACT,
        Map.of("email", "carol@example.com", "firstName", "Carol", "phone", "+1 555 0000"));
    bob =
        right.put(
            ObjectType.CONTACT,
            Map.of("email", "bob@example.com", "firstName", "Bob", "lastName", "Baker"));
    right.faults().rejectWhen(f -> "+1 555 0000".equals(f.get("phone")), REFUSAL);

    Path config = dir.resolve("tandem.yaml");
    Files.writeString(
        config,
        "apps:\n"
            + "  left: {type: memory, name: "
            + left.name()
            + "}\n"
            + "  right: {type: memory, name: "
            + right.name()
            + "}\n"
            + "connections:\n"
            + "  - name: people\n"
            + "    a: left\n"
            + "    b: right\n"
            + "    every: 1h\n"
            + "    objects:\n"
            + "      contact: {match: email}\n");
    store = StateStores.sqlite(dir.resolve("tandem.db"));
    Clock clock = Clock.systemUTC();
    Map<String, ConnectorFactory> apps = Catalog.installedApps();
    context =
        ServerContext.create(
            store, Secrets.load(null, dir.resolve(Secrets.KEY_FILE)), apps, dir, clock);
    context.users().ensureAdmin(PASSWORD);
    TandemConfig parsed = new ConfigLoader(k -> null, apps.keySet()).load(config);
    context.catalog().seed(parsed);
    sync = new SyncService(store, context.catalog(), clock, FastSync.OPTIONS).start();
    // The service runs the connection's initial sync on its own, right after it starts.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(store.runs(id("people"), 10))
                  .extracting(r -> r.kind() + " " + r.status())
                  .containsExactly("initial completed");
              assertThat(sync.status(id("people")).state()).isEqualTo(LiveState.LISTENING);
            });
    server =
        TandemServer.builder(context, sync)
            .settings(ServerSettings.http("127.0.0.1", 0))
            .routes(new Dashboard(context, sync, clock)::install)
            .build()
            .start();
  }

  String id(String name) {
    return Catalog.id("default", name);
  }

  String url(String path) {
    return server.url() + path;
  }

  @Override
  public void close() {
    server.close();
    sync.close();
    store.close();
    MemoryApp.forget(left.name());
    MemoryApp.forget(right.name());
  }
}
