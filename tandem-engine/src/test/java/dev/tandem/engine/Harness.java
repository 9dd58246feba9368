package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.connector.memory.MemoryConnector;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.store.StateStore;
import java.util.List;
import java.util.Map;

/** Two memory apps, a store and an engine: one connection to sync in tests. */
final class Harness {
  static final ObjectType CONTACT = ObjectType.CONTACT;
  final TickingClock clock = new TickingClock();
  final MemoryApp a;
  final MemoryApp b;
  final CallMeter meterA = new CallMeter();
  final CallMeter meterB = new CallMeter();
  final MemoryConnector ca;
  final MemoryConnector cb;
  final StateStore store;
  final String name;

  /** As in {@link dev.tandem.engine.sync.RunEnv#onePass}. */
  int onePass = dev.tandem.engine.sync.RunEnv.ONE_PASS;

  List<ObjectSyncSpec> specs = List.of(ObjectSyncSpec.defaults(CONTACT));

  Harness(StateStore store, String name) {
    this(store, name, 100, 10);
  }

  Harness(StateStore store, String name, int pageSize, int batchSize) {
    this.store = store;
    this.name = name;
    this.a = new MemoryApp(name + "-a", clock);
    this.b = new MemoryApp(name + "-b", clock);
    this.ca = new MemoryConnector(a, meterA, pageSize, batchSize);
    this.cb = new MemoryConnector(b, meterB, pageSize, batchSize);
  }

  RunReport sync() {
    return sync(RunOptions.DEFAULT);
  }

  RunReport sync(RunOptions options) {
    return new SyncEngine(store, clock, onePass)
        .run(
            new SyncConnection(name, ca, meterA, cb, meterB, specs),
            options,
            ProgressListener.NONE);
  }

  /** Syncs and checks the run completed. */
  RunReport syncOk() {
    RunReport r = sync();
    assertThat(r.status()).as("run status (%s)", r.error()).isEqualTo("completed");
    return r;
  }

  static long writes(RunReport r) {
    return r.apiCalls().values().stream().mapToLong(m -> m.getOrDefault("write", 0L)).sum();
  }

  Record byEmail(MemoryApp app, String email) {
    List<Record> found =
        app.all(CONTACT).stream().filter(r -> email.equalsIgnoreCase(r.get("email"))).toList();
    assertThat(found)
        .as("records with email %s in %s", email, app.name())
        .hasSizeLessThanOrEqualTo(1);
    return found.isEmpty() ? null : found.get(0);
  }

  static Map<String, String> contact(String email, String first, String last) {
    return Map.of("email", email, "firstName", first, "lastName", last);
  }
}
