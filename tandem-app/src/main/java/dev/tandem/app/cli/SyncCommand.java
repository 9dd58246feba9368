package dev.tandem.app.cli;

import dev.tandem.app.Apps;
import dev.tandem.app.Runtime;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.config.ConfigLoader;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.engine.store.StateStores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem sync}: runs every connection (or one) once. */
@Command(
    name = "sync",
    description =
        "Sync every connection of a config once: the initial sync the first time, then the changes since the last run.")
public final class SyncCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "the YAML config file")
  Path config;

  @Option(names = "--connection", description = "sync only this connection")
  String connection;

  @Option(
      names = "--dry-run",
      description = "compute and print what would be written, write nothing")
  boolean dryRun;

  @Option(names = "--full", description = "scan both apps completely instead of reading changes")
  boolean full;

  @Option(
      names = "--approve-deletes",
      description = "apply deletions held back by the mass-delete guard")
  boolean approveDeletes;

  @Option(names = "--json", description = "print one JSON report instead of text")
  boolean json;

  @Override
  public Integer call() {
    StateStores.warmUp();
    Apps apps = new Apps();
    TandemConfig cfg = new ConfigLoader(System::getenv, apps.factories().keySet()).load(config);
    try (Runtime runtime = new Runtime(cfg, apps, Clock.systemUTC())) {
      List<RunReport> reports =
          run(
              runtime,
              connection,
              new RunOptions(dryRun, full, approveDeletes),
              json ? ProgressListener.NONE : Terminal.progress());
      ReportPrinter printer = new ReportPrinter(System.out);
      if (json) {
        printer.json(reports);
      } else {
        reports.forEach(printer::text);
      }
      return reports.stream().allMatch(RunReport::completed) ? 0 : 1;
    }
  }

  static List<RunReport> run(
      Runtime runtime, String only, RunOptions options, ProgressListener progress) {
    List<RunReport> reports = new ArrayList<>();
    for (SyncConnection c : runtime.connections(only)) {
      reports.add(runtime.engine().run(c, options, progress));
    }
    return reports;
  }
}
