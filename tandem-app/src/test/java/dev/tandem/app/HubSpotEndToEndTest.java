package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tandem} command against the HubSpot emulator over real HTTP: HubSpot ↔ CSV for
 * contacts (initial, incremental, deletion, a quiet second run), HubSpot ↔ memory for companies and
 * contacts (the contact's company follows both ways), a refused token and a dry run.
 */
class HubSpotEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  HubSpotEmulator hubspot;

  @BeforeEach
  void start() {
    hubspot = HubSpotEmulator.builder().port(0).build().start();
  }

  @AfterEach
  void stop() {
    hubspot.close();
  }

  // ------------------------------------------------------------------ HubSpot ↔ CSV

  @Test
  void contactsSyncBothWaysWithACsvFileInitiallyThenIncrementally() throws Exception {
    List<String> ids =
        load(
            "contacts",
            List.of(
                Map.of("email", "ann@example.com", "firstname", "Ann", "lastname", "Lee"),
                Map.of("email", "bob@example.com", "firstname", "Bob", "lastname", "Stone"),
                Map.of("email", "cara@example.com", "firstname", "Cara", "lastname", "Diaz")));
    Path csv = dir.resolve("people.csv");
    Files.writeString(
        csv,
        "id,Email,First Name,Last Name,Phone\n"
            + "c1,dan@example.com,Dan,Wu,\n"
            + "c2,bob@example.com,,,+1 555 0100\n");
    Path cfg =
        config(
            """
            apps:
              crm: {type: hubspot, url: "%s", token: "%s"}
              sheet: {type: csv, path: ./people.csv}
            connections:
              - name: crm-sheet
                a: crm
                b: sheet
                objects:
                  contact: {match: email, deletes: propagate}
            """
                .formatted(hubspot.baseUrl(), hubspot.token()));

    Run initial = sync(cfg);
    assertThat(initial.exit).as(initial.out).isZero();
    JsonNode contact = initial.connection().path("objects").path("contact");
    assertThat(contact.path("created").path("a").asInt()).isEqualTo(1); // dan into HubSpot
    assertThat(contact.path("created").path("b").asInt()).isEqualTo(2); // ann, cara into the CSV
    assertThat(contact.path("linked").asInt()).isEqualTo(1); // bob, matched by email
    Map<String, Map<String, String>> rows = csvByEmail(csv);
    assertThat(rows)
        .containsOnlyKeys(
            "ann@example.com", "bob@example.com", "cara@example.com", "dan@example.com");
    assertThat(rows.get("ann@example.com")).containsEntry("Last Name", "Lee");
    assertThat(rows.get("bob@example.com"))
        .containsEntry("id", "c2")
        .containsEntry("First Name", "Bob")
        .containsEntry("Phone", "+1 555 0100");
    JsonNode dan = contactByEmail("dan@example.com");
    assertThat(dan.path("properties").path("lastname").asText()).isEqualTo("Wu");
    assertThat(contactByEmail("bob@example.com").path("properties").path("phone").asText())
        .isEqualTo("+1 555 0100");

    // An edit on each side and an archive in HubSpot.
    assertThat(
            call(
                    "PATCH",
                    "/crm/v3/objects/contacts/" + ids.get(0),
                    Map.of("properties", Map.of("firstname", "Annie")))
                .statusCode())
        .isEqualTo(200);
    assertThat(call("DELETE", "/crm/v3/objects/contacts/" + ids.get(2), null).statusCode())
        .isEqualTo(204);
    Files.writeString(csv, Files.readString(csv).replace(",Dan,Wu,", ",Dan,Wu-Smith,"));

    Run incremental = sync(cfg);
    assertThat(incremental.exit).as(incremental.out).isZero();
    assertThat(incremental.connection().path("kind").asText()).isEqualTo("incremental");
    rows = csvByEmail(csv);
    assertThat(rows).containsOnlyKeys("ann@example.com", "bob@example.com", "dan@example.com");
    assertThat(rows.get("ann@example.com")).containsEntry("First Name", "Annie");
    assertThat(contactByEmail("dan@example.com").path("properties").path("lastname").asText())
        .isEqualTo("Wu-Smith");
    JsonNode counts = incremental.connection().path("objects").path("contact");
    assertThat(counts.path("deleted").path("b").asInt()).isEqualTo(1);
    assertThat(counts.path("updated").path("a").asInt()).isEqualTo(1);
    assertThat(counts.path("updated").path("b").asInt()).isEqualTo(1);

    // Nothing changed since: the next run reads its changes and writes nothing anywhere.
    Map<String, Long> before = hubspotCalls();
    String csvBefore = Files.readString(csv);
    Run quiet = sync(cfg);
    assertThat(quiet.exit).as(quiet.out).isZero();
    assertThat(writeEndpoints(quiet.connection().path("apiCallsByEndpoint").path("a"))).isEmpty();
    assertThat(quiet.connection().path("apiCallsByEndpoint").path("a").size()).isPositive();
    assertThat(writeEndpoints(delta(before, hubspotCalls()))).isEmpty();
    assertThat(Files.readString(csv)).isEqualTo(csvBefore);
    JsonNode q = quiet.connection().path("objects").path("contact");
    for (String what : List.of("created", "updated", "deleted")) {
      assertThat(q.path(what).path("a").asInt() + q.path(what).path("b").asInt()).as(what).isZero();
    }
  }

  // ------------------------------------------------------------------ HubSpot ↔ memory

  @Test
  void aContactsCompanyFollowsItBothWays() throws Exception {
    String acme = load("companies", List.of(Map.of("name", "Acme", "domain", "acme.com"))).get(0);
    String annId =
        load(
                "contacts",
                List.of(
                    Map.of(
                        "email", "ann@acme.com", "firstname", "Ann", "associatedcompanyid", acme)))
            .get(0);
    String memName = "hubspot-e2e-" + UUID.randomUUID();
    MemoryApp mem = MemoryApp.named(memName);
    try {
      String globex = mem.put(ObjectType.COMPANY, Map.of("name", "Globex", "domain", "globex.com"));
      String zed =
          mem.put(
              ObjectType.CONTACT,
              Map.of("email", "zed@globex.com", "firstName", "Zed", "companyRef", globex));
      Path cfg =
          config(
              """
              apps:
                crm: {type: hubspot, url: "%s", token: "%s"}
                mem: {type: memory, name: "%s"}
              connections:
                - name: crm-mem
                  a: crm
                  b: mem
                  objects:
                    company: {match: [domain, name]}
                    contact: {match: email}
              """
                  .formatted(hubspot.baseUrl(), hubspot.token(), memName));

      Run initial = sync(cfg);
      assertThat(initial.exit).as(initial.out).isZero();
      // HubSpot → memory: Ann's company is the memory copy of Acme.
      Record memAcme = only(mem, ObjectType.COMPANY, "domain", "acme.com");
      Record memAnn = only(mem, ObjectType.CONTACT, "email", "ann@acme.com");
      assertThat(memAnn.fields()).containsEntry("companyRef", memAcme.id());
      // memory → HubSpot: Zed is associated with the HubSpot copy of Globex.
      String hsGlobex = companyByDomain("globex.com");
      JsonNode hsZed = contactByEmail("zed@globex.com");
      assertThat(hsZed.path("properties").path("associatedcompanyid").asText()).isEqualTo(hsGlobex);
      assertThat(associatedCompanies(hsZed.path("id").asText())).containsExactly(hsGlobex);

      // Incremental, both ways: Zed moves to Acme in memory; Ann moves to Globex in HubSpot.
      mem.edit(ObjectType.CONTACT, zed, Map.of("companyRef", memAcme.id()));
      assertThat(
              call(
                      "PATCH",
                      "/crm/v3/objects/contacts/" + annId,
                      Map.of("properties", Map.of("associatedcompanyid", hsGlobex)))
                  .statusCode())
          .isEqualTo(200);
      Run incremental = sync(cfg);
      assertThat(incremental.exit).as(incremental.out).isZero();
      assertThat(
              contactByEmail("zed@globex.com")
                  .path("properties")
                  .path("associatedcompanyid")
                  .asText())
          .isEqualTo(acme);
      assertThat(mem.get(ObjectType.CONTACT, memAnn.id()).fields())
          .containsEntry("companyRef", globex);
    } finally {
      MemoryApp.forget(memName);
    }
  }

  // ------------------------------------------------------------------ failures and dry runs

  @Test
  void aRefusedTokenFailsTheRunWithAReadableMessage() throws Exception {
    Files.writeString(dir.resolve("people.csv"), "Email\nann@example.com\n");
    Path cfg =
        config(
            """
            apps:
              crm: {type: hubspot, url: "%s", token: "pat-wrong"}
              sheet: {type: csv, path: ./people.csv}
            connections:
              - name: crm-sheet
                a: crm
                b: sheet
                objects:
                  contact: {match: email}
            """
                .formatted(hubspot.baseUrl()));
    PrintStream err = System.err;
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    Run run;
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      run = sync(cfg, "--config", cfg.toString());
    } finally {
      System.setErr(err);
    }
    String all = run.out + errBytes.toString(StandardCharsets.UTF_8);
    assertThat(run.exit).as(all).isEqualTo(1);
    assertThat(run.out).contains("HubSpot rejected the token (401)").contains("failed");
    assertThat(all).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aDryRunWritesNothingToHubSpot() throws Exception {
    load("contacts", List.of(Map.of("email", "ann@example.com", "firstname", "Ann")));
    Files.writeString(
        dir.resolve("people.csv"),
        "id,Email,First Name,Last Name\nc1,dan@example.com,Dan,Wu\nc2,ann@example.com,,Lee\n");
    Path cfg =
        config(
            """
            apps:
              crm: {type: hubspot, url: "%s", token: "%s"}
              sheet: {type: csv, path: ./people.csv}
            connections:
              - name: crm-sheet
                a: crm
                b: sheet
                objects:
                  contact: {match: email}
            """
                .formatted(hubspot.baseUrl(), hubspot.token()));
    Run dry = sync(cfg, "--config", cfg.toString(), "--json", "--dry-run");
    assertThat(dry.exit).as(dry.out).isZero();
    JsonNode plan = dry.connection().path("plan");
    List<String> planned = new ArrayList<>();
    plan.forEach(w -> planned.add(w.path("side").asText() + " " + w.path("action").asText()));
    assertThat(planned).contains("a create", "a update", "b update");
    Map<String, Long> calls = hubspotCalls();
    assertThat(calls).isNotEmpty();
    assertThat(writeEndpoints(calls)).isEmpty();
    assertThat(contactByEmail("dan@example.com")).isNull();
    assertThat(contactByEmail("ann@example.com").path("properties").path("lastname").asText(""))
        .isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  record Run(int exit, String out) {
    JsonNode connection() throws IOException {
      return JSON.readTree(out).path("connections").path(0);
    }
  }

  Run sync(Path cfg) {
    return sync(cfg, "--config", cfg.toString(), "--json");
  }

  /** Runs {@code tandem sync ARGS} in-process with System.out captured. */
  static Run sync(Path cfg, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "sync";
    System.arraycopy(args, 0, all, 1, args.length);
    CliRun run = CliRun.of(all);
    return new Run(run.code(), run.out());
  }

  Path config(String yaml) throws IOException {
    Path p = dir.resolve("tandem.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  /** Loads records into the emulator as given (not counted as API calls); returns their ids. */
  List<String> load(String type, List<Map<String, String>> records) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + "/_emulator/records/" + type))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("records", records))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    JSON.readTree(r.body()).path("ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  /** An authenticated call to the emulator's HubSpot API. */
  HttpResponse<String> call(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + path))
            .header("Authorization", "Bearer " + hubspot.token())
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The contact with this email as HubSpot returns it, or null when there is none. */
  JsonNode contactByEmail(String email) throws Exception {
    HttpResponse<String> r =
        call(
            "GET",
            "/crm/v3/objects/contacts/"
                + email
                + "?idProperty=email&properties=email,firstname,lastname,phone,associatedcompanyid",
            null);
    if (r.statusCode() == 404) {
      return null;
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  String companyByDomain(String domain) throws Exception {
    HttpResponse<String> r =
        call(
            "POST",
            "/crm/v3/objects/companies/search",
            Map.of(
                "filterGroups",
                List.of(
                    Map.of(
                        "filters",
                        List.of(
                            Map.of(
                                "propertyName", "domain", "operator", "EQ", "value", domain))))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode results = JSON.readTree(r.body()).path("results");
    assertThat(results.size()).as("companies with domain " + domain).isEqualTo(1);
    return results.path(0).path("id").asText();
  }

  List<String> associatedCompanies(String contactId) throws Exception {
    HttpResponse<String> r =
        call("GET", "/crm/v4/objects/contacts/" + contactId + "/associations/companies", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    JSON.readTree(r.body()).path("results").forEach(n -> out.add(n.path("toObjectId").asText()));
    return out;
  }

  Map<String, Long> hubspotCalls() {
    Map<String, Long> out = new LinkedHashMap<>();
    Object by = hubspot.stats().get("byEndpoint");
    ((Map<?, ?>) by).forEach((k, v) -> out.put(k.toString(), ((Number) v).longValue()));
    return out;
  }

  static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new LinkedHashMap<>();
    after.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d > 0) {
            out.put(k, d);
          }
        });
    return out;
  }

  static List<String> writeEndpoints(Map<String, Long> calls) {
    return calls.keySet().stream().filter(HubSpotEndToEndTest::isWrite).toList();
  }

  static List<String> writeEndpoints(JsonNode calls) {
    List<String> out = new ArrayList<>();
    calls.fieldNames().forEachRemaining(k -> out.add(k));
    return out.stream().filter(HubSpotEndToEndTest::isWrite).toList();
  }

  /** Endpoints that change data: anything but reads, batch reads, searches and OAuth. */
  static boolean isWrite(String endpoint) {
    if (endpoint.startsWith("GET ")) {
      return false;
    }
    return !(endpoint.endsWith("/batch/read")
        || endpoint.endsWith("/search")
        || endpoint.contains("/oauth/"));
  }

  static Record only(MemoryApp app, ObjectType type, String field, String value) {
    List<Record> found =
        app.all(type).stream().filter(r -> value.equals(r.fields().get(field))).toList();
    assertThat(found).as(type + " with " + field + " " + value).hasSize(1);
    return found.get(0);
  }

  /** The CSV's rows by email (test data has no quoted values). */
  static Map<String, Map<String, String>> csvByEmail(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",", -1);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      assertThat(line).as("unquoted test data").doesNotContain("\"");
      String[] v = line.split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], i < v.length ? v[i] : "");
      }
      out.put(row.get("Email"), row);
    }
    return out;
  }
}
