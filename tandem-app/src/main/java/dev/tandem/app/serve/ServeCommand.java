package dev.tandem.app.serve;

import dev.tandem.engine.config.ConfigLoader;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.engine.service.SyncService;
import dev.tandem.server.catalog.Catalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem serve}: runs every connection on its schedule and in real time through webhooks,
 * and serves the dashboard and the REST API until stopped (Ctrl-C or SIGTERM stops cleanly).
 */
@Command(
    name = "serve",
    description =
        "Run as a service: every connection on its schedule and through webhooks, with the web dashboard and the REST API.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "the YAML config file")
  Path config;

  @Option(names = "--port", description = "the port to listen on (default: server.port or 8080)")
  Integer port;

  @Spec CommandSpec spec;

  /** Counted down to stop the service; tests use it instead of a signal. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    TandemConfig cfg =
        new ConfigLoader(System::getenv, Catalog.installedApps().keySet()).load(config);
    PrintWriter out = spec.commandLine().getOut();
    Service service =
        Service.start(cfg, port, System::getenv, Clock.systemUTC(), SyncService.Options.DEFAULTS);
    Thread hook = new Thread(() -> stopAndWait(service, out), "tandem-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("Tandem is serving " + service.url());
    out.println("  dashboard: " + service.url() + "/   API: " + service.url() + "/api");
    out.println(
        "  webhooks:  " + service.url() + "/webhooks/{connection}/{a|b}   metrics: /metrics");
    service
        .generatedAdminPassword()
        .ifPresent(
            pw ->
                out.println(
                    "  first start: log in as admin with password "
                        + pw
                        + " (shown only this once; set TANDEM_ADMIN_PASSWORD to choose it)"));
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stop.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already and closes the service
      return 0;
    }
    stopAndWait(service, out);
    return 0;
  }

  private final Object closed = new Object();
  private boolean done;

  private void stopAndWait(Service service, PrintWriter out) {
    synchronized (closed) {
      if (!done) {
        done = true;
        out.println("Tandem: stopping (runs in progress finish their page)…");
        service.close();
        out.println("Tandem: stopped.");
        out.flush();
      }
    }
  }
}
