package dev.tandem.app.cli;

import dev.tandem.app.Apps;
import dev.tandem.app.Runtime;
import dev.tandem.core.model.Side;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.config.ConfigLoader;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.engine.store.HealthEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.engine.store.SyncKey;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem status}: each connection's state, last run, and records that are not in sync. */
@Command(
    name = "status",
    description =
        "Show each connection's last run and the records that are not in sync, with the reason.")
public final class StatusCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "the YAML config file")
  Path config;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "records listed per state (default ${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() {
    StateStores.warmUp();
    Apps apps = new Apps();
    TandemConfig cfg = new ConfigLoader(System::getenv, apps.factories().keySet()).load(config);
    try (Runtime runtime = new Runtime(cfg, apps, Clock.systemUTC())) {
      StateStore store = runtime.store();
      for (TandemConfig.Connection c : cfg.connections()) {
        System.out.printf(
            "%s (%s ↔ %s, every %s)%n",
            c.name(), c.a(), c.b(), c.every().toString().substring(2).toLowerCase());
        store.pause(c.name()).ifPresent(p -> System.out.println("  paused: " + p.reason()));
        List<RunRecord> runs = store.runs(c.name(), 1);
        if (runs.isEmpty()) {
          System.out.println("  never synced: run `tandem sync --config " + config + "`");
          continue;
        }
        RunRecord last = runs.get(0);
        System.out.printf(
            "  last run #%d: %s %s at %s%s%n",
            last.id(),
            last.kind(),
            last.status(),
            last.startedAt(),
            last.error() == null ? "" : " — " + last.error());
        for (ObjectSyncSpec spec : c.objects()) {
          SyncKey key = new SyncKey(c.name(), spec.type());
          Map<HealthState, Long> counts = store.healthCounts(key);
          System.out.printf(
              "  %-8s synced %d · excluded %d · duplicate %d · failing %d · pending %d%n",
              spec.type().id(),
              counts.getOrDefault(HealthState.SYNCED, 0L),
              counts.getOrDefault(HealthState.EXCLUDED, 0L),
              counts.getOrDefault(HealthState.DUPLICATE, 0L),
              counts.getOrDefault(HealthState.FAILING, 0L),
              counts.getOrDefault(HealthState.PENDING, 0L));
          for (HealthState state :
              List.of(
                  HealthState.FAILING,
                  HealthState.DUPLICATE,
                  HealthState.EXCLUDED,
                  HealthState.PENDING)) {
            for (HealthEntry h : store.healthPage(key, state, 0, limit)) {
              System.out.printf(
                  "    %-9s %s %s: %s%n",
                  state.id(), h.side() == Side.A ? c.a() : c.b(), h.id(), h.reason());
            }
          }
        }
      }
      return 0;
    }
  }
}
