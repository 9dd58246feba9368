package dev.tandem.engine.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.connector.memory.MemoryConnector;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.ChangeNotice;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.CallMeter;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.SyncKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync service on a real store: scheduling, pauses, queued runs, restarts, webhooks. */
abstract class SyncServiceContract {
  static final ObjectType CONTACT = ObjectType.CONTACT;
  static final Duration WAIT = Duration.ofSeconds(15);

  /** A fresh, empty store. */
  abstract StateStore newStore() throws Exception;

  /** The same database opened again (the current store is closed first). */
  abstract StateStore reopen() throws Exception;

  StateStore store;
  final MemoryApp a = new MemoryApp("a");
  final MemoryApp b = new MemoryApp("b");
  final Source source = new Source();
  final List<SyncService> services = new ArrayList<>();
  final List<RunReport> reports = Collections.synchronizedList(new ArrayList<>());

  /** One connection, {@code crm}, between the two memory apps. */
  final class Source implements ConnectionSource {
    volatile Duration every = Duration.ofMillis(300);
    volatile RuntimeException openFailure;
    volatile boolean holdB;
    volatile GatedConnector ga;
    volatile GatedConnector gb;
    volatile java.util.function.BiConsumer<GatedConnector, GatedConnector> onOpen;

    @Override
    public List<Entry> connections() {
      return List.of(new Entry("crm", every));
    }

    @Override
    public SyncConnection open(String id) {
      if (!"crm".equals(id)) {
        throw new ConfigException("no connection '" + id + "'");
      }
      if (openFailure != null) {
        throw openFailure;
      }
      CallMeter ma = new CallMeter();
      CallMeter mb = new CallMeter();
      ga = new GatedConnector(new MemoryConnector(a, ma, 100, 10));
      gb = new GatedConnector(new MemoryConnector(b, mb, 100, 10));
      if (holdB) {
        gb.hold();
      }
      if (onOpen != null) {
        onOpen.accept(ga, gb);
      }
      return new SyncConnection("crm", ga, ma, gb, mb, List.of(ObjectSyncSpec.defaults(CONTACT)));
    }
  }

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeAll() {
    services.forEach(SyncService::close);
    if (store != null) {
      store.close();
    }
  }

  SyncService start() {
    SyncService s =
        new SyncService(
            store,
            source,
            Clock.systemUTC(),
            new SyncService.Options(
                Duration.ofMillis(100),
                Duration.ofMillis(30),
                2,
                Duration.ofSeconds(10),
                Duration.ofMinutes(5)));
    s.onRun(reports::add);
    services.add(s);
    return s.start();
  }

  List<String> kinds() {
    List<String> out = new ArrayList<>();
    for (RunRecord r : store.runs("crm", 100)) {
      out.add(0, r.kind() + ":" + r.status());
    }
    return out;
  }

  Record byEmail(MemoryApp app, String email) {
    return app.all(CONTACT).stream()
        .filter(r -> email.equals(r.get("email")))
        .findFirst()
        .orElse(null);
  }

  static Map<String, String> contact(String email, String first, String last) {
    return Map.of("email", email, "firstName", first, "lastName", last);
  }

  void awaitInitialSync() {
    await().atMost(WAIT).until(() -> kinds().contains("initial:completed"));
  }

  @Test
  void runsTheInitialSyncFirstThenIncrementalOnesEveryInterval() {
    a.put(CONTACT, contact("ann@example.com", "Ann", "Lee"));
    b.put(CONTACT, contact("bob@example.com", "Bob", "Ray"));
    SyncService service = start();
    await()
        .atMost(WAIT)
        .until(
            () -> byEmail(b, "ann@example.com") != null && byEmail(a, "bob@example.com") != null);
    String annA = byEmail(a, "ann@example.com").id();
    a.edit(CONTACT, annA, Map.of("lastName", "Lee-Smith"));
    await()
        .atMost(WAIT)
        .until(() -> "Lee-Smith".equals(byEmail(b, "ann@example.com").get("lastName")));
    await().atMost(WAIT).until(() -> kinds().contains("incremental:completed"));
    List<String> kinds = kinds();
    assertThat(kinds.get(0)).isEqualTo("initial:completed");
    assertThat(kinds).filteredOn(k -> k.startsWith("initial")).hasSize(1);
    ConnectionStatus status = service.status("crm");
    assertThat(status.state()).isIn(LiveState.LISTENING, LiveState.SYNCING);
    assertThat(status.lastRunAt()).isNotNull();
    assertThat(status.nextRunAt()).isNotNull();
  }

  @Test
  void aPausedConnectionDoesNotRunUntilResumed() throws Exception {
    SyncService service = start();
    awaitInitialSync();
    service.pause("crm");
    ConnectionStatus paused = service.status("crm");
    assertThat(paused.state()).isEqualTo(LiveState.PAUSED);
    assertThat(paused.detail()).isEqualTo("paused by a user");
    assertThat(paused.nextRunAt()).isNull();
    // a run that had started before the pause may still finish; none starts after it
    TimeUnit.MILLISECONDS.sleep(400);
    int runsBefore = kinds().size();
    a.put(CONTACT, contact("cy@example.com", "Cy", "Oh"));
    TimeUnit.MILLISECONDS.sleep(900);
    assertThat(byEmail(b, "cy@example.com")).isNull();
    assertThat(kinds()).hasSize(runsBefore);
    service.resume("crm");
    await().atMost(WAIT).until(() -> byEmail(b, "cy@example.com") != null);
    assertThat(service.status("crm").state()).isIn(LiveState.LISTENING, LiveState.SYNCING);
  }

  @Test
  void syncNowWaitsBehindTheRunInProgress() throws Exception {
    source.every = Duration.ofHours(1);
    SyncService service = start();
    awaitInitialSync();
    source.ga.hold();
    CompletableFuture<RunReport> first = service.syncNow("crm", RunOptions.DEFAULT);
    assertThat(source.ga.held.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(service.status("crm").state()).isEqualTo(LiveState.SYNCING);
    CompletableFuture<RunReport> second = service.syncNow("crm", RunOptions.DEFAULT);
    service.notify("crm", Side.A, List.of(new ChangeNotice(CONTACT, "1", false, 0)));
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    source.ga.open();
    assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo("completed");
    assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo("completed");
    assertThat(source.ga.maxInFlight.get()).isEqualTo(1);
    assertThat(source.gb.maxInFlight.get()).isEqualTo(1);
  }

  @Test
  void aRestartCarriesOnWithoutRedoingTheInitialSync() throws Exception {
    a.put(CONTACT, contact("ann@example.com", "Ann", "Lee"));
    SyncService first = start();
    awaitInitialSync();
    await().atMost(WAIT).until(() -> byEmail(b, "ann@example.com") != null);
    first.close();
    services.remove(first);
    store = reopen();
    a.put(CONTACT, contact("dee@example.com", "Dee", "Ng"));
    SyncService second = start();
    await().atMost(WAIT).until(() -> byEmail(b, "dee@example.com") != null);
    await().atMost(WAIT).until(() -> kinds().contains("incremental:completed"));
    assertThat(second.status("crm").lastRunAt()).isNotNull();
    assertThat(kinds())
        .filteredOn(k -> k.startsWith("initial"))
        .containsExactly("initial:completed");
    assertThat(b.all(CONTACT)).hasSize(2);
  }

  @Test
  void closeStopsARunAtASafePointAndClosesTheConnectors() throws Exception {
    for (int i = 0; i < 30; i++) {
      b.put(CONTACT, contact("c" + i + "@example.com", "C", "N" + i));
    }
    source.holdB = true;
    SyncService service = start();
    await().atMost(WAIT).until(() -> source.gb != null);
    assertThat(source.gb.held.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(service.status("crm").state()).isEqualTo(LiveState.SCANNING);
    GatedConnector ga = source.ga;
    GatedConnector gb = source.gb;
    Thread closer = new Thread(service::close);
    closer.start();
    TimeUnit.MILLISECONDS.sleep(200);
    gb.open();
    closer.join(20_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(ga.closed).isTrue();
    assertThat(gb.closed).isTrue();
    assertThat(kinds()).containsExactly("initial:stopped");
    assertThat(store.cursor(new SyncKey("crm", CONTACT), Side.A)).isEmpty();
    // the next start carries on and finishes the initial sync
    source.holdB = false;
    start();
    await().atMost(WAIT).until(() -> kinds().contains("initial:completed"));
    assertThat(a.all(CONTACT)).hasSize(30);
    assertThat(kinds()).containsExactly("initial:stopped", "initial:completed");
  }

  @Test
  void webhookNoticesRunATargetedSyncOfExactlyThoseRecords() {
    source.every = Duration.ofHours(1);
    String ann = a.put(CONTACT, contact("ann@example.com", "Ann", "Lee"));
    String eve = a.put(CONTACT, contact("eve@example.com", "Eve", "Ko"));
    SyncService service = start();
    awaitInitialSync();
    a.edit(CONTACT, ann, Map.of("lastName", "Lee-Smith"));
    a.edit(CONTACT, eve, Map.of("lastName", "Edited-but-not-notified"));
    ChangeNotice n = new ChangeNotice(CONTACT, ann, false, 1);
    service.notify("crm", Side.A, List.of(n, n));
    service.notify("crm", Side.A, List.of(new ChangeNotice(CONTACT, ann, false, 2)));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "Lee-Smith".equals(byEmail(b, "ann@example.com").get("lastName")));
    await().atMost(WAIT).until(() -> kinds().contains("targeted:completed"));
    assertThat(kinds()).containsExactly("initial:completed", "targeted:completed");
    assertThat(byEmail(b, "eve@example.com").get("lastName")).isEqualTo("Ko");
    RunReport targeted = reports.get(reports.size() - 1);
    assertThat(targeted.kind()).isEqualTo("targeted");
    assertThat(targeted.total("updated.b")).isEqualTo(1);
    assertThat(targeted.apiCalls().get(Side.A)).containsOnlyKeys("read");

    // the same notice again (a repeat, or our own write coming back): nothing to write
    service.notify("crm", Side.A, List.of(n));
    await().atMost(WAIT).until(() -> reports.size() == 3);
    RunReport echo = reports.get(2);
    assertThat(echo.completed()).isTrue();
    assertThat(echo.apiCalls().get(Side.B)).doesNotContainKey("write");

    // a record created in A, and one deleted there
    String fay = a.put(CONTACT, contact("fay@example.com", "Fay", "Wu"));
    a.delete(CONTACT, eve);
    service.notify(
        "crm",
        Side.A,
        List.of(new ChangeNotice(CONTACT, fay, false, 3), new ChangeNotice(CONTACT, eve, true, 4)));
    await().atMost(Duration.ofSeconds(5)).until(() -> byEmail(b, "fay@example.com") != null);
    await()
        .atMost(WAIT)
        .until(() -> store.links(new SyncKey("crm", CONTACT), Side.A, List.of(eve)).isEmpty());
    // deletions are ignored by default: the other side keeps the record
    assertThat(byEmail(b, "eve@example.com")).isNotNull();
  }

  @Test
  void aShorterIntervalTakesEffectOnReload() throws Exception {
    source.every = Duration.ofHours(1);
    SyncService service = start();
    awaitInitialSync();
    await().atMost(WAIT).until(() -> service.status("crm").nextRunAt() != null);
    assertThat(service.status("crm").nextRunAt())
        .isAfter(java.time.Instant.now().plusSeconds(3000));
    a.put(CONTACT, contact("gil@example.com", "Gil", "Ho"));
    source.every = Duration.ofMillis(200);
    service.reload("crm");
    await().atMost(WAIT).until(() -> byEmail(b, "gil@example.com") != null);
  }

  @Test
  void aRunLeftByANodeThatDiedIsTakenOver() throws Exception {
    a.put(CONTACT, contact("ann@example.com", "Ann", "Lee"));
    // what a node that crashed in the middle of a run leaves: a picked execution, no heartbeat
    long old = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    try (java.sql.Connection c = store.dataSource().getConnection();
        java.sql.PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked,"
                    + " picked_by, last_heartbeat, version) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, SyncService.TASK);
      p.setString(2, "crm");
      if (store.isPostgres()) {
        p.setTimestamp(3, new java.sql.Timestamp(old));
        p.setTimestamp(6, new java.sql.Timestamp(old));
      } else {
        p.setLong(3, old);
        p.setLong(6, old);
      }
      p.setBoolean(4, true);
      p.setString(5, "crashed-node");
      p.setLong(7, 1);
      p.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    start();
    await().atMost(WAIT).until(() -> byEmail(b, "ann@example.com") != null);
    awaitInitialSync();
  }

  @Test
  void aConnectionThatCannotOpenIsFailingWithTheReason() {
    source.openFailure = new ConfigException("app 'crm' (hubspot): missing 'token'");
    SyncService service = start();
    await().atMost(WAIT).until(() -> service.status("crm").state() == LiveState.FAILING);
    assertThat(service.status("crm").detail()).isEqualTo("app 'crm' (hubspot): missing 'token'");
    source.openFailure = null;
    service.reload("crm");
    service.resume("crm");
    awaitInitialSync();
    await().atMost(WAIT).until(() -> service.status("crm").state() == LiveState.LISTENING);
  }
}
