package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.app.demo.EmulatorApi;
import dev.tandem.emulator.dynamics.DynamicsEmulator;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HubSpot emulator ↔ Dynamics emulator through {@code tandem sync}, with no field mapped by hand:
 * smart merge, edits both ways, a cleared field, company links both ways, a deletion, and a sync
 * with nothing to do that writes nothing.
 */
class DynamicsEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  HubSpotEmulator hubspot;
  DynamicsEmulator dynamics;
  EmulatorApi hs;
  EmulatorApi dyn;
  Path config;

  @BeforeEach
  void start() throws Exception {
    hubspot = HubSpotEmulator.builder().port(0).rateLimit(190).build().start();
    dynamics =
        new DynamicsEmulator(new DynamicsEmulator.Options().port(0).seedData(0, 0, 0, 1)).start();
    hs = new EmulatorApi(hubspot.baseUrl(), hubspot.token());
    dyn = new EmulatorApi(dynamics.baseUrl(), dynamics.token());
    config = tmp.resolve("tandem.yaml");
    Files.writeString(
        config,
        """
        store: {type: sqlite, path: ./tandem.db}
        apps:
          hs:  {type: hubspot, url: "%s", token: "%s", rate-limit: 190}
          dyn: {type: dynamics, url: "%s", token: "%s"}
        connections:
          - name: crm
            a: hs
            b: dyn
            objects:
              company: {match: [domain, name]}
              contact: {match: email, deletes: propagate}
              deal:    {match: name}
        """
            .formatted(hubspot.baseUrl(), hubspot.token(), dynamics.baseUrl(), dynamics.token()));
  }

  @AfterEach
  void stop() {
    hubspot.stop();
    dynamics.stop();
  }

  @Test
  void hubSpotAndDynamicsStayInStep() throws Exception {
    String hsAcme =
        hsCreate(
            "companies", Map.of("name", "Acme", "domain", "acme.example", "phone", "+1 555 0100"));
    hsCreate(
        "contacts",
        Map.of(
            "email",
            "ada@acme.example",
            "firstname",
            "Ada",
            "lastname",
            "Lovelace",
            "phone",
            "+44 20 7946 0001"));
    Map<String, Object> deal = new LinkedHashMap<>();
    deal.put(
        "properties",
        Map.of(
            "dealname", "Acme pilot",
            "amount", "1000",
            "closedate", "2026-12-31",
            "dealstage", "presentationscheduled"));
    deal.put(
        "associations",
        List.of(
            Map.of(
                "to", Map.of("id", hsAcme),
                "types",
                    List.of(
                        Map.of(
                            "associationCategory", "HUBSPOT_DEFINED", "associationTypeId", 341)))));
    hs.post("/crm/v3/objects/deals", deal);
    String dynAcme =
        dynCreate(
            "accounts",
            Map.of(
                "name",
                "Acme",
                "websiteurl",
                "https://www.acme.example",
                "address1_city",
                "London"));
    Map<String, Object> ada =
        new HashMap<>(
            Map.of(
                "emailaddress1", "ada@acme.example",
                "firstname", "Ada",
                "lastname", "Lovelace",
                "jobtitle", "Engineer",
                "address1_city", "Paris"));
    ada.put("parentcustomerid_account@odata.bind", "/accounts(" + dynAcme + ")");
    String dynAda = dynCreate("contacts", ada);
    dynCreate(
        "contacts",
        Map.of("emailaddress1", "bob@beta.example", "firstname", "Bob", "lastname", "Builder"));

    // 1. Initial sync: smart merge — each side's blanks filled from the other.
    JsonNode first = sync();
    assertThat(first.at("/connections/0/objects/contact/linked").asLong()).isEqualTo(1);
    assertThat(first.at("/connections/0/objects/company/linked").asLong()).isEqualTo(1);
    JsonNode hsAda = hsContact("ada@acme.example");
    assertThat(hsAda.path("jobtitle").asText()).isEqualTo("Engineer");
    assertThat(hsAda.path("city").asText()).isEqualTo("Paris");
    assertThat(hsAda.path("phone").asText()).isEqualTo("+44 20 7946 0001");
    // Ada's parent account in Dynamics became her company in HubSpot.
    assertThat(hsAda.path("associatedcompanyid").asText()).isEqualTo(hsAcme);
    JsonNode dAda = dynContact("ada@acme.example");
    assertThat(dAda.path("telephone1").asText()).isEqualTo("+44 20 7946 0001");
    assertThat(dAda.path("jobtitle").asText()).isEqualTo("Engineer");
    assertThat(dAda.path("fullname").asText()).isEqualTo("Ada Lovelace");
    assertThat(hsGet("companies", hsAcme, "city").path("city").asText()).isEqualTo("London");
    assertThat(dyn.get("/accounts(" + dynAcme + ")").path("telephone1").asText())
        .isEqualTo("+1 555 0100");
    assertThat(hsContact("bob@beta.example").path("lastname").asText()).isEqualTo("Builder");
    JsonNode dDeal =
        dyn.get(
                "/opportunities?$select=estimatedvalue,estimatedclosedate,salesstage,statecode,_parentaccountid_value&$filter="
                    + enc("name eq 'Acme pilot'"))
            .path("value")
            .path(0);
    assertThat(dDeal.path("estimatedvalue").decimalValue()).isEqualByComparingTo("1000");
    assertThat(dDeal.path("estimatedclosedate").asText()).isEqualTo("2026-12-31");
    assertThat(dDeal.path("salesstage").asInt()).isEqualTo(1); // presentationscheduled → Develop
    assertThat(dDeal.path("statecode").asInt()).isZero();
    assertThat(dDeal.path("_parentaccountid_value").asText()).isEqualTo(dynAcme);

    // 2. An edit in Dynamics reaches HubSpot; an edit in HubSpot reaches Dynamics.
    dyn.patch("/contacts(" + dynAda + ")", Map.of("jobtitle", "CTO"));
    String hsBob = hsContact("bob@beta.example").path("hs_object_id").asText();
    hs.patch(
        "/crm/v3/objects/contacts/" + hsBob, Map.of("properties", Map.of("phone", "+1 555 0199")));
    sync();
    assertThat(hsContact("ada@acme.example").path("jobtitle").asText()).isEqualTo("CTO");
    assertThat(dynContact("bob@beta.example").path("telephone1").asText()).isEqualTo("+1 555 0199");

    // 3. A field cleared in HubSpot is cleared in Dynamics.
    String hsAdaId = hsContact("ada@acme.example").path("hs_object_id").asText();
    hs.patch("/crm/v3/objects/contacts/" + hsAdaId, Map.of("properties", Map.of("city", "")));
    sync();
    assertThat(dynContact("ada@acme.example").path("address1_city").isNull()).isTrue();

    // 4. A company link set in Dynamics follows to HubSpot, and one set in HubSpot to Dynamics.
    String dynBeta = dynCreate("accounts", Map.of("name", "Beta", "websiteurl", "beta.example"));
    String dynBob = dynContact("bob@beta.example").path("contactid").asText();
    dyn.patch(
        "/contacts(" + dynBob + ")",
        Map.of("parentcustomerid_account@odata.bind", "/accounts(" + dynBeta + ")"));
    sync();
    String hsBeta = hsContact("bob@beta.example").path("associatedcompanyid").asText();
    assertThat(hsGet("companies", hsBeta, "name,domain").path("name").asText()).isEqualTo("Beta");
    hs.patch(
        "/crm/v3/objects/contacts/" + hsAdaId,
        Map.of("properties", Map.of("associatedcompanyid", hsBeta)));
    sync();
    assertThat(dynContact("ada@acme.example").path("_parentcustomerid_value").asText())
        .isEqualTo(dynBeta);

    // 5. A deal won in HubSpot is won in Dynamics (stages in canonical terms both ways).
    String hsDeal =
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
                                    "value", "Acme pilot"))))))
            .at("/results/0/id")
            .asText();
    hs.patch(
        "/crm/v3/objects/deals/" + hsDeal, Map.of("properties", Map.of("dealstage", "closedwon")));
    sync();
    assertThat(
            dyn.get("/opportunities?$select=statecode&$filter=" + enc("name eq 'Acme pilot'"))
                .at("/value/0/statecode")
                .asInt())
        .isEqualTo(1);

    // 6. deletes: propagate — Bob deleted in HubSpot is deleted in Dynamics.
    hs.delete("/crm/v3/objects/contacts/" + hsBob);
    JsonNode deletion = sync();
    assertThat(deletion.at("/connections/0/objects/contact/deleted/b").asLong()).isEqualTo(1);
    assertThat(
            dyn.get(
                    "/contacts?$select=contactid&$filter="
                        + enc("emailaddress1 eq 'bob@beta.example'"))
                .path("value"))
        .isEmpty();

    // 7. Nothing changed: a sync reads the changes (none) and writes nothing on either side.
    Map<String, Long> hsBefore = writes(hubspot.baseUrl());
    Map<String, Long> dynBefore = writes(dynamics.baseUrl().replace("/api/data/v9.2", ""));
    JsonNode idle = sync();
    assertThat(grown(hsBefore, writes(hubspot.baseUrl()))).as(idle.toString()).isEmpty();
    assertThat(grown(dynBefore, writes(dynamics.baseUrl().replace("/api/data/v9.2", ""))))
        .as(idle.toString())
        .isEmpty();
    for (String type : List.of("company", "contact", "deal")) {
      JsonNode o = idle.at("/connections/0/objects/" + type);
      assertThat(o.at("/updated/a").asLong() + o.at("/updated/b").asLong()).as(type).isZero();
    }
  }

  /** Runs {@code tandem sync --json}; asserts exit 0 and that no record failed. */
  private JsonNode sync() throws Exception {
    CliRun run = CliRun.of("sync", "--config", config.toString(), "--json");
    String out = run.out();
    int code = run.code();
    assertThat(code).as(out).isZero();
    JsonNode report = JSON.readTree(out);
    // A write into a read-only Dynamics column (fullname, domain) would fail the record here.
    report
        .at("/connections/0/objects")
        .forEach(o -> assertThat(o.path("failed").asLong()).as(out).isZero());
    return report;
  }

  /** Calls per write endpoint (not reads, searches or batch reads) counted by an emulator. */
  private static Map<String, Long> writes(String origin) {
    JsonNode stats = new EmulatorApi(origin, "-").get("/_emulator/stats").path("byEndpoint");
    Map<String, Long> out = new HashMap<>();
    stats
        .fields()
        .forEachRemaining(
            e -> {
              String k = e.getKey();
              boolean read =
                  k.startsWith("GET ") || k.contains("/search") || k.contains("batch/read");
              if (!read && !k.contains("_emulator")) {
                out.put(k, e.getValue().asLong());
              }
            });
    return out;
  }

  /** The endpoints called more often in {@code after} than in {@code before}. */
  private static Map<String, Long> grown(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new HashMap<>();
    after.forEach(
        (k, v) -> {
          if (v > before.getOrDefault(k, 0L)) {
            out.put(k, v - before.getOrDefault(k, 0L));
          }
        });
    return out;
  }

  private String hsCreate(String type, Map<String, Object> properties) {
    return hs.post("/crm/v3/objects/" + type, Map.of("properties", properties)).path("id").asText();
  }

  private JsonNode hsContact(String email) {
    return hs.get(
            "/crm/v3/objects/contacts/"
                + enc(email)
                + "?idProperty=email&properties=firstname,lastname,phone,jobtitle,city,associatedcompanyid,hs_object_id")
        .path("properties");
  }

  private JsonNode hsGet(String type, String id, String properties) {
    return hs.get("/crm/v3/objects/" + type + "/" + id + "?properties=" + properties)
        .path("properties");
  }

  private String dynCreate(String set, Map<String, Object> row) {
    String key = set.equals("accounts") ? "accountid" : "contactid";
    return dyn.post("/" + set, row).path(key).asText();
  }

  private JsonNode dynContact(String email) {
    JsonNode rows =
        dyn.get(
                "/contacts?$select=contactid,fullname,telephone1,jobtitle,address1_city,_parentcustomerid_value&$filter="
                    + enc("emailaddress1 eq '" + email + "'"))
            .path("value");
    assertThat(rows).as(email + " in Dynamics").hasSize(1);
    return rows.get(0);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
