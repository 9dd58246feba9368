package dev.tandem.app.cli;

import dev.tandem.app.Apps;
import dev.tandem.app.Runtime;
import dev.tandem.app.demo.LiveDemo;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.config.ConfigLoader;
import dev.tandem.engine.config.TandemConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem demo}: HubSpot and Dynamics emulators with overlapping sample data, synced both
 * ways and then kept in step ({@link LiveDemo}); or, with {@code --csv}, two sample CSV address
 * lists.
 */
@Command(
    name = "demo",
    description =
        "Run HubSpot and Dynamics emulators with sample data, sync them and keep them in step"
            + " (or, with --csv, sync two sample CSV files).")
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      defaultValue = "tandem-demo",
      description = "folder for the demo files (default ${DEFAULT-VALUE}; replaced on each run)")
  Path dir;

  @Option(names = "--csv", description = "the CSV demo instead: two sample files synced both ways")
  boolean csv;

  @Option(
      names = "--once",
      description = "stop after the initial sync and one incremental sync instead of running on")
  boolean once;

  @Option(
      names = "--every",
      defaultValue = "10",
      description =
          "seconds between polls of Dynamics, which sends no webhooks (default ${DEFAULT-VALUE},"
              + " at least 10)")
  int every;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "the dashboard's port (default ${DEFAULT-VALUE}; 0 for any free port)")
  int port;

  static final String LEFT =
      """
      Email,First Name,Last Name,Company,Phone
      ada@analytical.example,Ada,Lovelace,Analytical Engines,+44 20 7946 0001
      grace@navy.example,Grace,Hopper,,+1 202 555 0143
      alan@bletchley.example,Alan,Turing,Bletchley Park,
      linus@kernel.example,Linus,Torvalds,Kernel Org,+358 9 555 0199
      ,Anonymous,Visitor,,
      """;

  static final String RIGHT =
      """
      id,email,firstName,lastName,jobTitle,phone
      r1,ADA@analytical.example,Ada,Lovelace,Countess,
      r2,grace@navy.example,Grace,Hopper,Rear Admiral,+1 202 555 0143
      r3,margaret@apollo.example,Margaret,Hamilton,Director,+1 617 555 0110
      r4,katherine@nasa.example,Katherine,Johnson,Mathematician,
      """;

  static final String CONFIG =
      """
      # Two CSV files kept in step: edit either one and run
      #   tandem sync --config %s
      store: {type: sqlite, path: ./tandem.db}
      apps:
        crm:     {type: csv, path: ./crm.csv}
        mailing: {type: csv, path: ./mailing.csv}
      connections:
        - name: people
          a: crm
          b: mailing
          objects:
            contact: {match: email}
      """;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (csv) {
      return csvDemo();
    }
    if (every < 10) {
      System.err.println("tandem demo: --every must be at least 10 seconds, got " + every);
      return 2;
    }
    // Quiet the emulators' web servers: the demo's output is the story.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    ReportPrinter printer = new ReportPrinter(System.out);
    LiveDemo demo = new LiveDemo(dir, System.out, Terminal.progress(), printer::text);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              // Ctrl-C: let the running sync finish, then stop the emulators cleanly.
              stop.countDown();
              try {
                finished.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    if (!once) {
      java.lang.Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      return demo.run(once, every, port, stop);
    } finally {
      finished.countDown();
      if (!once) {
        try {
          java.lang.Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Already shutting down (Ctrl-C): the hook is running and waits for us.
        }
      }
    }
  }

  private int csvDemo() throws IOException {
    Files.createDirectories(dir);
    for (String f :
        List.of(
            "crm.csv",
            "mailing.csv",
            "tandem.yaml",
            "tandem.db",
            "tandem.db-wal",
            "tandem.db-shm")) {
      Files.deleteIfExists(dir.resolve(f));
    }
    Path config = dir.resolve("tandem.yaml");
    Files.writeString(dir.resolve("crm.csv"), LEFT, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("mailing.csv"), RIGHT, StandardCharsets.UTF_8);
    Files.writeString(config, CONFIG.formatted(config), StandardCharsets.UTF_8);
    System.out.println("Tandem demo: two address lists that overlap, in " + dir.toAbsolutePath());
    show("crm.csv (app a) before", dir.resolve("crm.csv"));
    show("mailing.csv (app b) before", dir.resolve("mailing.csv"));

    Apps apps = new Apps();
    TandemConfig cfg = new ConfigLoader(System::getenv, apps.factories().keySet()).load(config);
    ReportPrinter printer = new ReportPrinter(System.out);
    try (Runtime runtime = new Runtime(cfg, apps, Clock.systemUTC())) {
      System.out.println(
          "\n1. Initial sync: match by email, merge what both hold, create what is missing");
      List<RunReport> first =
          SyncCommand.run(runtime, null, RunOptions.DEFAULT, Terminal.progress());
      first.forEach(printer::text);
      show("crm.csv after", dir.resolve("crm.csv"));
      show("mailing.csv after", dir.resolve("mailing.csv"));

      System.out.println(
          "\n2. Margaret changes her phone number in mailing.csv; an incremental sync carries it over");
      Path mailing = dir.resolve("mailing.csv");
      Files.writeString(
          mailing, Files.readString(mailing).replace("+1 617 555 0110", "+1 617 555 0199"));
      List<RunReport> second =
          SyncCommand.run(runtime, null, RunOptions.DEFAULT, Terminal.progress());
      second.forEach(printer::text);
      show("crm.csv now", dir.resolve("crm.csv"));

      System.out.println("\n3. Nothing changed since: a sync writes nothing");
      List<RunReport> third =
          SyncCommand.run(runtime, null, RunOptions.DEFAULT, Terminal.progress());
      third.forEach(printer::text);
      System.out.println(
          "\nThe row without an email is reported, not synced (it could become a duplicate):");
      System.out.println("  tandem status --config " + config);
      System.out.println("Edit either file and run:  tandem sync --config " + config);
      boolean ok =
          first.stream().allMatch(RunReport::completed)
              && second.stream().allMatch(RunReport::completed)
              && third.stream().allMatch(RunReport::completed);
      return ok ? 0 : 1;
    }
  }

  private static void show(String title, Path file) throws IOException {
    System.out.println("\n  " + title + ":");
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      System.out.println("    " + line);
    }
  }
}
