package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.Apps;
import dev.tandem.app.Runtime;
import dev.tandem.app.demo.EmulatorApi;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.emulator.dynamics.DynamicsEmulator;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.config.ConfigLoader;
import dev.tandem.engine.config.TandemConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * HubSpot ↔ Dynamics initial sync at scale, both emulated in this process: Dynamics holds the
 * emulator's sample data (accounts/2 accounts and contacts/2 contacts); HubSpot holds the same
 * companies and people with other fields filled in, plus as many again of its own. Prints wall time
 * and, per side, the API calls made against the theoretical minimum.
 *
 * <p>Usage: {@code DynamicsBench [contacts=20000] [companies=2000] [a=hubspot|dynamics]}: which app
 * is side a of the connection (the engine reads side b into its index first, then walks side a page
 * by page).
 */
public final class DynamicsBench {
  private static final int HS_PAGE = 100;
  private static final int HS_BATCH = 100;
  private static final int DYN_PAGE = 5000;
  private static final int DYN_BATCH = 1000;

  public static void main(String[] args) throws Exception {
    int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int companies = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    boolean hubspotFirst = args.length < 3 || !args[2].equals("dynamics");
    HubSpotEmulator hubspot = HubSpotEmulator.builder().port(0).rateLimit(190).build().start();
    DynamicsEmulator dynamics =
        new DynamicsEmulator(
                new DynamicsEmulator.Options().port(0).seedData(companies / 2, contacts / 2, 0, 7))
            .start();
    Path dir = Files.createTempDirectory("tandem-dynamics-bench");
    try {
      long seedStart = System.nanoTime();
      int[] hsCounts = seedHubSpot(hubspot, dynamics, contacts, companies);
      System.err.printf(
          "seeded: HubSpot %d companies, %d contacts; Dynamics %d accounts, %d contacts (%.1f s)%n",
          hsCounts[0], hsCounts[1], companies / 2, contacts / 2, secs(seedStart));
      Path config = dir.resolve("tandem.yaml");
      Files.writeString(
          config,
          """
          store: {type: sqlite, path: ./tandem.db}
          apps:
            hs:  {type: hubspot, url: "%s", token: "%s", rate-limit: 190}
            dyn: {type: dynamics, url: "%s", token: "%s"}
          connections:
            - name: bench
              a: %s
              b: %s
              objects:
                company: {match: [domain, name]}
                contact: {match: email}
                deal:    {match: name}
          """
              .formatted(
                  hubspot.baseUrl(),
                  hubspot.token(),
                  dynamics.baseUrl(),
                  dynamics.token(),
                  hubspotFirst ? "hs" : "dyn",
                  hubspotFirst ? "dyn" : "hs"));
      Apps apps = new Apps();
      TandemConfig cfg = new ConfigLoader(System::getenv, apps.factories().keySet()).load(config);
      try (Runtime runtime = new Runtime(cfg, apps, Clock.systemUTC())) {
        SyncConnection c = runtime.connections(null).get(0);
        long start = System.nanoTime();
        RunReport r = runtime.engine().run(c, RunOptions.DEFAULT, ProgressListener.NONE);
        double wall = secs(start);
        if (!r.completed()) {
          throw new IllegalStateException("initial sync " + r.status() + ": " + r.error());
        }
        System.out.printf(
            "HubSpot ↔ Dynamics, a = %s: %d + %d contacts, %d + %d companies%n",
            hubspotFirst ? "HubSpot" : "Dynamics",
            hsCounts[1],
            contacts / 2,
            hsCounts[0],
            companies / 2);
        report(r, wall, hsCounts, companies / 2, contacts / 2, hubspotFirst);
      }
    } finally {
      hubspot.stop();
      dynamics.stop();
    }
  }

  private static void report(
      RunReport r, double wall, int[] hs, int dynAccounts, int dynContacts, boolean hubspotFirst) {
    Side hsSide = hubspotFirst ? Side.A : Side.B;
    Side dynSide = hsSide.other();
    long hsMin = 3; // the properties of contacts, companies, deals
    long dynMin = 0; // Dataverse tables have a fixed schema: nothing to ask
    Map<ObjectType, int[]> reads =
        Map.of(
            ObjectType.COMPANY, new int[] {hs[0], dynAccounts},
            ObjectType.CONTACT, new int[] {hs[1], dynContacts},
            ObjectType.DEAL, new int[] {0, 0});
    System.out.printf("initial sync: %s in %.1f s%n", r.status(), wall);
    for (ObjectType t : List.of(ObjectType.COMPANY, ObjectType.CONTACT, ObjectType.DEAL)) {
      Map<String, Long> c = r.counts().getOrDefault(t, Map.of());
      long ca = c.getOrDefault("created." + hsSide.label(), 0L);
      long ua = c.getOrDefault("updated." + hsSide.label(), 0L);
      long cb = c.getOrDefault("created." + dynSide.label(), 0L);
      long ub = c.getOrDefault("updated." + dynSide.label(), 0L);
      // Every record read once, in the largest pages; creates and updates each in the largest
      // batches (they are separate steps of a sync, so never mixed in one batch).
      hsMin +=
          ceil(reads.get(t)[0], HS_PAGE) + ceilPositive(ca, HS_BATCH) + ceilPositive(ua, HS_BATCH);
      dynMin +=
          ceil(reads.get(t)[1], DYN_PAGE)
              + ceilPositive(cb, DYN_BATCH)
              + ceilPositive(ub, DYN_BATCH);
      System.out.printf(
          "  %-8s linked %d · created HubSpot %d / Dynamics %d · updated HubSpot %d / Dynamics %d"
              + " · excluded %d · duplicates %d · failed %d%n",
          t.id(),
          c.getOrDefault("linked", 0L),
          ca,
          cb,
          ua,
          ub,
          c.getOrDefault("excluded", 0L),
          c.getOrDefault("duplicates", 0L),
          c.getOrDefault("failed", 0L));
    }
    long hsCalls = r.apiCallTotal(hsSide);
    long dynCalls = r.apiCallTotal(dynSide);
    System.out.printf(
        "  API calls HubSpot %d (minimum %d, ratio %.3f) · Dynamics %d (minimum %d, ratio %.3f)%n",
        hsCalls, hsMin, (double) hsCalls / hsMin, dynCalls, dynMin, (double) dynCalls / dynMin);
    System.out.println("  HubSpot by endpoint:  " + r.apiCalls().get(hsSide));
    System.out.println("  Dynamics by endpoint: " + r.apiCalls().get(dynSide));
  }

  /** Loads HubSpot: Dynamics' accounts and contacts again (other fields), and as many new ones. */
  private static int[] seedHubSpot(
      HubSpotEmulator hubspot, DynamicsEmulator dynamics, int contacts, int companies) {
    EmulatorApi dyn = new EmulatorApi("", dynamics.token());
    EmulatorApi hs = new EmulatorApi(hubspot.baseUrl(), hubspot.token());
    Random random = new Random(11);
    List<Map<String, Object>> hsCompanies = new ArrayList<>();
    List<String> accountIds = new ArrayList<>();
    for (JsonNode a :
        all(dyn, dynamics.baseUrl() + "/accounts?$select=accountid,name,websiteurl")) {
      accountIds.add(a.path("accountid").asText());
      hsCompanies.add(
          Map.of("name", a.path("name").asText(), "domain", domain(a.path("websiteurl").asText())));
    }
    while (hsCompanies.size() < companies) {
      int i = hsCompanies.size();
      hsCompanies.add(Map.of("name", "Benchmark Company " + i, "domain", "bench" + i + ".example"));
    }
    List<String> companyIds = load(hs, "companies", hsCompanies);
    Map<String, String> accountToCompany = new HashMap<>();
    for (int i = 0; i < accountIds.size(); i++) {
      accountToCompany.put(accountIds.get(i), companyIds.get(i));
    }
    List<Map<String, Object>> hsContacts = new ArrayList<>();
    for (JsonNode c :
        all(
            dyn,
            dynamics.baseUrl()
                + "/contacts?$select=emailaddress1,firstname,lastname,_parentcustomerid_value")) {
      if (c.path("emailaddress1").asText("").isEmpty()) {
        continue;
      }
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("email", c.path("emailaddress1").asText());
      p.put("firstname", c.path("firstname").asText());
      p.put("lastname", c.path("lastname").asText());
      // A blank Dynamics does not have, so the merge has something to fill in.
      p.put("website", "https://people.example/" + hsContacts.size());
      String company = accountToCompany.get(c.path("_parentcustomerid_value").asText(""));
      if (company != null) {
        p.put("associatedcompanyid", company);
      }
      hsContacts.add(p);
    }
    while (hsContacts.size() < contacts) {
      int i = hsContacts.size();
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("email", "person" + i + "@bench.example");
      p.put("firstname", "Person");
      p.put("lastname", "Number " + i);
      p.put("phone", "+1 555 " + String.format(Locale.ROOT, "%07d", i));
      p.put("associatedcompanyid", companyIds.get(random.nextInt(companyIds.size())));
      hsContacts.add(p);
    }
    load(hs, "contacts", hsContacts);
    return new int[] {hsCompanies.size(), hsContacts.size()};
  }

  private static List<String> load(EmulatorApi hs, String type, List<Map<String, Object>> records) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < records.size(); i += 1000) {
      JsonNode r =
          hs.post(
              "/_emulator/records/" + type,
              Map.of("records", records.subList(i, Math.min(records.size(), i + 1000))));
      r.path("ids").forEach(id -> ids.add(id.asText()));
    }
    return ids;
  }

  private static List<JsonNode> all(EmulatorApi dyn, String url) {
    List<JsonNode> rows = new ArrayList<>();
    String next = url;
    while (next != null) {
      JsonNode page = dyn.get(next);
      page.path("value").forEach(rows::add);
      next = page.path("@odata.nextLink").asText(null);
    }
    return rows;
  }

  private static String domain(String website) {
    String host = URI.create(website.contains("://") ? website : "https://" + website).getHost();
    return host.startsWith("www.") ? host.substring(4) : host;
  }

  private static long ceil(long n, int size) {
    return Math.max(1, (n + size - 1) / size);
  }

  private static long ceilPositive(long n, int size) {
    return (n + size - 1) / size;
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
