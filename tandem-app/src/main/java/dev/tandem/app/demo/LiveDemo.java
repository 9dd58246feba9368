package dev.tandem.app.demo;

import dev.tandem.app.Apps;
import dev.tandem.app.Runtime;
import dev.tandem.app.serve.Service;
import dev.tandem.emulator.dynamics.DynamicsEmulator;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.config.ConfigLoader;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.engine.service.SyncService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The HubSpot ↔ Dynamics demo: both emulators in this process on free ports, seeded with
 * overlapping sample data; the initial sync; a scripted edit on each side and an incremental sync;
 * then (unless {@code once}) an incremental sync every few seconds until stopped, so that edits
 * made with curl against either emulator show up on the other side.
 */
public final class LiveDemo {
  static final String CONFIG =
      """
      # HubSpot (a) and Dynamics 365 (b), both emulated by `tandem demo`; no field is mapped by hand.
      store: {type: sqlite, path: ./tandem.db}
      apps:
        hubspot:  {type: hubspot, url: "%s", token: "%s", client-secret: "%s", rate-limit: 190}
        dynamics: {type: dynamics, url: "%s", token: "%s"}
      connections:
        - name: crm
          a: hubspot
          b: dynamics
          every: %ds
          objects:
            company: {match: [domain, name]}
            contact: {match: email}
            deal:    {match: name}
      """;

  private final Path dir;
  private final PrintStream out;
  private final ProgressListener progress;
  private final Consumer<RunReport> printer;

  public LiveDemo(
      Path dir, PrintStream out, ProgressListener progress, Consumer<RunReport> printer) {
    this.dir = dir;
    this.out = out;
    this.progress = progress;
    this.printer = printer;
  }

  /**
   * Runs the demo; with {@code once} it returns after the first incremental sync, otherwise it
   * syncs every {@code everySeconds} until {@code stop} counts down. Returns 0 when every run
   * completed, 1 otherwise.
   */
  public int run(boolean once, int everySeconds, int port, CountDownLatch stop) throws IOException {
    // The server's port must be known before HubSpot starts: its webhooks are sent there.
    int serverPort = once ? 0 : port == 0 ? freePort() : port;
    HubSpotEmulator.Builder hubspotBuilder = HubSpotEmulator.builder().port(0).rateLimit(190);
    if (!once) {
      hubspotBuilder.webhookUrl("http://127.0.0.1:" + serverPort + "/webhooks/crm/a");
    }
    HubSpotEmulator hubspot = hubspotBuilder.build().start();
    DynamicsEmulator dynamics =
        new DynamicsEmulator(new DynamicsEmulator.Options().port(0).seedData(0, 0, 0, 1)).start();
    try {
      EmulatorApi hs = new EmulatorApi(hubspot.baseUrl(), hubspot.token());
      EmulatorApi dyn = new EmulatorApi(dynamics.baseUrl(), dynamics.token());
      SampleCrms.seedHubSpot(hs);
      SampleCrms.seedDynamics(dyn);
      Path config = writeConfig(hubspot, dynamics, everySeconds);
      out.println("Tandem demo: HubSpot ↔ Dynamics 365, both emulated on this machine.");
      out.println("Config: " + config.toAbsolutePath() + " (no field mapped by hand)");
      showContacts(hs, dyn, "before");

      Apps apps = new Apps();
      TandemConfig cfg = new ConfigLoader(System::getenv, apps.factories().keySet()).load(config);
      boolean ok;
      try (Runtime runtime = new Runtime(cfg, apps, Clock.systemUTC())) {
        out.println(
            "\n1. Initial sync: companies by domain or name, contacts by email, deals by name;"
                + " blanks filled from the other side, what is missing created");
        ok = sync(runtime, true);
        showContacts(hs, dyn, "after the initial sync");

        out.println(
            "\n2. Margaret's phone changes in Dynamics, Alan's job title and the deal's stage in"
                + " HubSpot; an incremental sync reads only those changes");
        dyn.patch(
            "/contacts(" + SampleCrms.dynamicsContactId(dyn, "margaret@apollo.example") + ")",
            Map.of("telephone1", "+1 617 555 0199"));
        hs.patch(
            "/crm/v3/objects/contacts/" + SampleCrms.hubspotContactId(hs, "alan@bletchley.example"),
            Map.of("properties", Map.of("jobtitle", "Mathematician")));
        String deal =
            hs.post(
                    "/crm/v3/objects/deals/search",
                    Map.of(
                        "filterGroups",
                        List.of(
                            Map.of(
                                "filters",
                                List.of(
                                    Map.of(
                                        "propertyName", "dealname",
                                        "operator", "EQ",
                                        "value", "Difference Engine No. 2"))))))
                .path("results")
                .path(0)
                .path("id")
                .asText();
        hs.patch(
            "/crm/v3/objects/deals/" + deal,
            Map.of("properties", Map.of("dealstage", "closedwon")));
        ok &= sync(runtime, true);
        showContacts(hs, dyn, "now");
        out.println(
            "\nOn each side a contact without an email is reported, not synced, and Dynamics"
                + " holds Linus twice: Tandem reports the duplicate instead of guessing.");
      }
      if (!once) {
        ok &= serve(cfg, serverPort, hs, dyn, everySeconds, stop);
      }
      return ok ? 0 : 1;
    } finally {
      hubspot.stop();
      dynamics.stop();
    }
  }

  private boolean serve(
      TandemConfig cfg,
      int port,
      EmulatorApi hs,
      EmulatorApi dyn,
      int everySeconds,
      CountDownLatch stop) {
    String ada = SampleCrms.hubspotContactId(hs, "ada@analytical.example");
    String grace = SampleCrms.dynamicsContactId(dyn, "grace@navy.example");
    AtomicBoolean ok = new AtomicBoolean(true);
    try (Service service =
        Service.start(cfg, port, System::getenv, Clock.systemUTC(), SyncService.Options.DEFAULTS)) {
      service
          .sync()
          .onRun(
              r -> {
                // A run cut short by the demo's own shutdown ("stopped") carries on next start.
                if (!r.completed() && !"stopped".equals(r.status())) {
                  ok.set(false);
                }
                if (!r.completed() || wrote(r)) {
                  synchronized (out) {
                    out.println(
                        "\n[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] a change:");
                    printer.accept(r);
                    out.flush();
                  }
                }
              });
      out.println("\n3. Tandem now runs as a service, as `tandem serve` would.");
      out.println("  Dashboard: " + service.url() + "/");
      out.println(
          "  Login:     admin / "
              + service.generatedAdminPassword().orElse("(the password in TANDEM_ADMIN_PASSWORD)"));
      out.println(
          "  HubSpot sends webhooks to "
              + service.url()
              + "/webhooks/crm/a: its edits reach Dynamics within a second;"
              + " Dynamics is polled every "
              + everySeconds
              + " s.");
      out.println("  HubSpot:  " + hs.base() + "   token " + hs.token());
      out.println("  Dynamics: " + dyn.base() + "   token " + dyn.token());
      out.println("  Change Ada's job title in HubSpot:");
      out.println(
          "    curl -s -X PATCH '"
              + hs.base()
              + "/crm/v3/objects/contacts/"
              + ada
              + "' -H 'Authorization: Bearer "
              + hs.token()
              + "' -H 'Content-Type: application/json'"
              + " -d '{\"properties\":{\"jobtitle\":\"Analyst\"}}'");
      out.println("  Change Grace's phone in Dynamics:");
      out.println(
          "    curl -s -X PATCH '"
              + dyn.base()
              + "/contacts("
              + grace
              + ")' -H 'Authorization: Bearer "
              + dyn.token()
              + "' -H 'If-Match: *' -H 'Content-Type: application/json'"
              + " -d '{\"telephone1\":\"+1 202 555 0199\"}'");
      out.println("  Then look on the other side, or in the dashboard's activity log:");
      out.println(
          "    curl -s '"
              + dyn.base()
              + "/contacts?$select=fullname,jobtitle,telephone1' -H 'Authorization: Bearer "
              + dyn.token()
              + "'");
      out.println("  Ctrl-C stops the demo (and the emulators).");
      out.flush();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.println("\nStopped.");
    return ok.get();
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean wrote(RunReport r) {
    for (String c :
        List.of("created.a", "created.b", "updated.a", "updated.b", "deleted.a", "deleted.b")) {
      if (r.total(c) > 0) {
        return true;
      }
    }
    return r.total("failed") > 0;
  }

  private boolean sync(Runtime runtime, boolean print) {
    boolean ok = true;
    for (RunReport r : runOnce(runtime)) {
      if (print) {
        printer.accept(r);
      }
      ok &= r.completed();
    }
    return ok;
  }

  private List<RunReport> runOnce(Runtime runtime) {
    List<RunReport> reports = new ArrayList<>();
    for (SyncConnection c : runtime.connections(null)) {
      reports.add(runtime.engine().run(c, RunOptions.DEFAULT, progress));
    }
    return reports;
  }

  private void showContacts(EmulatorApi hs, EmulatorApi dyn, String when) {
    AppTables.print(out, "HubSpot " + when, AppTables.hubspotContacts(hs));
    AppTables.print(out, "Dynamics " + when, AppTables.dynamicsContacts(dyn));
  }

  private Path writeConfig(HubSpotEmulator hubspot, DynamicsEmulator dynamics, int everySeconds)
      throws IOException {
    Files.createDirectories(dir);
    for (String f :
        List.of("tandem.yaml", "tandem.db", "tandem.db-wal", "tandem.db-shm", "secret.key")) {
      Files.deleteIfExists(dir.resolve(f));
    }
    Path config = dir.resolve("tandem.yaml");
    Files.writeString(
        config,
        CONFIG.formatted(
            hubspot.baseUrl(),
            hubspot.token(),
            hubspot.clientSecret(),
            dynamics.baseUrl(),
            dynamics.token(),
            everySeconds),
        StandardCharsets.UTF_8);
    return config;
  }
}
