package dev.tandem.emulator.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins the documented shapes, limits and errors of the CRM objects API, over real HTTP. */
class HubSpotEmulatorTest {
  static HubSpotEmulator hs;
  static Http http;

  @BeforeAll
  static void start() {
    hs = HubSpotEmulator.builder().rateLimit(10_000).searchPerSecond(1000).build().start();
    http = new Http(hs.baseUrl(), hs.token());
  }

  @AfterAll
  static void stop() {
    hs.stop();
  }

  @BeforeEach
  void reset() {
    hs.reset();
  }

  static Map<String, Object> contact(String email, String first) {
    return Map.of("properties", Map.of("email", email, "firstname", first, "lastname", "Doe"));
  }

  static String create(String email) {
    Http.Res r = http.post("/crm/v3/objects/contacts", contact(email, "Ann"));
    assertThat(r.status()).isEqualTo(201);
    return r.body().get("id").asText();
  }

  @Test
  void createReturnsHubSpotsRecordShapeWithStringProperties() {
    Http.Res r = http.post("/crm/v3/objects/contacts", contact("ann@example.com", "Ann"));
    assertThat(r.status()).isEqualTo(201);
    JsonNode b = r.body();
    assertThat(b.get("id").isTextual()).isTrue();
    assertThat(b.get("archived").asBoolean()).isFalse();
    assertThat(b.get("createdAt").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    JsonNode p = b.get("properties");
    assertThat(p.get("email").asText()).isEqualTo("ann@example.com");
    assertThat(p.get("hs_object_id").asText()).isEqualTo(b.get("id").asText());
    assertThat(p.get("lastmodifieddate").asText()).isEqualTo(b.get("updatedAt").asText());
    assertThat(p.get("createdate").isTextual()).isTrue();
    p.fields()
        .forEachRemaining(
            e -> assertThat(e.getValue().isTextual() || e.getValue().isNull()).isTrue());
  }

  @Test
  void unicodeJsonWithoutACharsetIsReadAsUtf8() {
    Http.Res r =
        http.post(
            "/crm/v3/objects/contacts", Map.of("properties", Map.of("firstname", "Zoë 李 🎉")));
    assertThat(r.status()).isEqualTo(201);
    assertThat(
            http.get(
                    "/crm/v3/objects/contacts/"
                        + r.body().get("id").asText()
                        + "?properties=firstname")
                .body()
                .at("/properties/firstname")
                .asText())
        .isEqualTo("Zoë 李 🎉");
  }

  @Test
  void duplicateEmailIsAConflictNamingTheExistingId() {
    String id = create("dup@example.com");
    Http.Res r = http.post("/crm/v3/objects/contacts", contact("DUP@example.com", "Other"));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body().get("status").asText()).isEqualTo("error");
    assertThat(r.body().get("category").asText()).isEqualTo("CONFLICT");
    assertThat(r.body().get("message").asText())
        .isEqualTo("Contact already exists. Existing ID: " + id);
    assertThat(r.body().get("correlationId").asText()).isNotBlank();
  }

  @Test
  void getByEmailWithIdProperty() {
    String id = create("find.me@example.com");
    Http.Res r =
        http.get(
            "/crm/v3/objects/contacts/find.me@example.com?idProperty=email&properties=firstname");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("id").asText()).isEqualTo(id);
    assertThat(r.body().at("/properties/firstname").asText()).isEqualTo("Ann");
    Http.Res missing = http.get("/crm/v3/objects/contacts/999999");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
  }

  @Test
  void updateMaintainsLastModifiedAndEmptyStringClears() throws Exception {
    String id = create("u@example.com");
    JsonNode before = http.get("/crm/v3/objects/contacts/" + id).body();
    Thread.sleep(5);
    Http.Res r =
        http.send(
            "PATCH",
            "/crm/v3/objects/contacts/" + id,
            Map.of("properties", Map.of("firstname", "", "jobtitle", "CTO")));
    assertThat(r.status()).isEqualTo(200);
    JsonNode after =
        http.get("/crm/v3/objects/contacts/" + id + "?properties=firstname,jobtitle").body();
    assertThat(after.at("/properties/firstname").isNull()).isTrue();
    assertThat(after.at("/properties/jobtitle").asText()).isEqualTo("CTO");
    assertThat(after.at("/properties/lastmodifieddate").asText())
        .isGreaterThan(before.at("/properties/lastmodifieddate").asText());
  }

  @Test
  void invalidValuesAreValidationErrors() {
    Http.Res r =
        http.post(
            "/crm/v3/objects/contacts",
            Map.of(
                "properties",
                Map.of("email", "x@example.com", "lifecyclestage", "bogus", "nope", "1")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(r.body().get("message").asText()).startsWith("Property values were not valid");
    assertThat(r.body().get("errors")).hasSize(2);
  }

  @Test
  void listPagesWithAfterAndOmitsPagingOnTheLastPage() {
    hs.seed(0, 250, 0, 7);
    Set<String> ids = new HashSet<>();
    String after = null;
    int pages = 0;
    do {
      Http.Res r =
          http.get("/crm/v3/objects/contacts?limit=100" + (after == null ? "" : "&after=" + after));
      assertThat(r.status()).isEqualTo(200);
      r.body().get("results").forEach(n -> ids.add(n.get("id").asText()));
      JsonNode next = r.body().at("/paging/next");
      after = next.isMissingNode() ? null : next.get("after").asText();
      if (after != null) {
        assertThat(next.get("link").asText()).contains("after=" + after);
      }
      pages++;
    } while (after != null);
    assertThat(pages).isEqualTo(3);
    assertThat(ids).hasSize(250);
    assertThat(http.get("/crm/v3/objects/contacts?limit=101").status()).isEqualTo(400);
  }

  @Test
  void aBatchOf101InputsIsRefused() {
    List<Object> inputs = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      inputs.add(contact("b" + i + "@example.com", "B"));
    }
    Http.Res r = http.post("/crm/v3/objects/contacts/batch/create", Map.of("inputs", inputs));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("status").asText()).isEqualTo("error");
    assertThat(r.body().get("category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(r.body().get("message").asText()).contains("100");
    assertThat(http.get("/crm/v3/objects/contacts").body().get("results")).isEmpty();
    inputs.remove(100);
    assertThat(
            http.post("/crm/v3/objects/contacts/batch/create", Map.of("inputs", inputs)).status())
        .isEqualTo(201);
  }

  @Test
  void batchCreateWithTraceIdsAnswers207ForPartialFailure() {
    String existing = create("taken@example.com");
    List<Object> inputs =
        List.of(
            Map.of("objectWriteTraceId", "t1", "properties", Map.of("email", "new@example.com")),
            Map.of("objectWriteTraceId", "t2", "properties", Map.of("email", "taken@example.com")),
            Map.of("objectWriteTraceId", "t3", "properties", Map.of("lifecyclestage", "bogus")));
    Http.Res r = http.post("/crm/v3/objects/contacts/batch/create", Map.of("inputs", inputs));
    assertThat(r.status()).isEqualTo(207);
    assertThat(r.body().get("numErrors").asInt()).isEqualTo(2);
    assertThat(r.body().get("results")).hasSize(1);
    assertThat(r.body().at("/results/0/objectWriteTraceId").asText()).isEqualTo("t1");
    JsonNode conflict = r.body().get("errors").get(0);
    assertThat(conflict.get("category").asText()).isEqualTo("CONFLICT");
    assertThat(conflict.get("message").asText()).endsWith("Existing ID: " + existing);
    assertThat(conflict.at("/context/objectWriteTraceId/0").asText()).isEqualTo("t2");
  }

  @Test
  void batchCreateWithoutTraceIdsIsAllOrNothing() {
    String existing = create("taken@example.com");
    List<Object> inputs =
        List.of(contact("fresh@example.com", "F"), contact("taken@example.com", "T"));
    Http.Res r = http.post("/crm/v3/objects/contacts/batch/create", Map.of("inputs", inputs));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body().get("message").asText())
        .isEqualTo("Contact already exists. Existing ID: " + existing);
    assertThat(http.get("/crm/v3/objects/contacts/fresh@example.com?idProperty=email").status())
        .isEqualTo(404);
  }

  @Test
  void batchUpdateAndReadReportMissingIdsAsMultiStatus() {
    String a = create("a@example.com");
    List<Object> inputs =
        List.of(
            Map.of("id", a, "properties", Map.of("firstname", "Alice")),
            Map.of("id", "424242", "properties", Map.of("firstname", "Ghost")));
    Http.Res r = http.post("/crm/v3/objects/contacts/batch/update", Map.of("inputs", inputs));
    assertThat(r.status()).isEqualTo(207);
    assertThat(r.body().get("status").asText()).isEqualTo("COMPLETE");
    assertThat(r.body().at("/errors/0/category").asText()).isEqualTo("OBJECT_NOT_FOUND");
    assertThat(r.body().at("/errors/0/context/ids/0").asText()).isEqualTo("424242");
    Http.Res read =
        http.post(
            "/crm/v3/objects/contacts/batch/read",
            Map.of(
                "idProperty",
                "email",
                "properties",
                List.of("firstname"),
                "inputs",
                List.of(Map.of("id", "a@example.com"), Map.of("id", "no@example.com"))));
    assertThat(read.status()).isEqualTo(207);
    assertThat(read.body().at("/results/0/properties/firstname").asText()).isEqualTo("Alice");
    assertThat(read.body().get("numErrors").asInt()).isEqualTo(1);
  }

  @Test
  void batchUpsertByEmailCreatesOrUpdates() {
    String existing = create("up@example.com");
    Http.Res r =
        http.post(
            "/crm/v3/objects/contacts/batch/upsert",
            Map.of(
                "inputs",
                List.of(
                    Map.of(
                        "idProperty",
                        "email",
                        "id",
                        "up@example.com",
                        "properties",
                        Map.of("firstname", "Updated")),
                    Map.of(
                        "idProperty",
                        "email",
                        "id",
                        "fresh@example.com",
                        "properties",
                        Map.of("firstname", "New")))));
    assertThat(r.status()).isEqualTo(200);
    JsonNode results = r.body().get("results");
    assertThat(results.get(0).get("id").asText()).isEqualTo(existing);
    assertThat(results.get(0).get("new").asBoolean()).isFalse();
    assertThat(results.get(1).get("new").asBoolean()).isTrue();
    assertThat(results.get(1).at("/properties/email").asText()).isEqualTo("fresh@example.com");
  }

  @Test
  void archivedRecordsAreListedOnlyWithArchivedTrueAndNeverSearched() {
    String id = create("gone@example.com");
    create("kept@example.com");
    assertThat(http.send("DELETE", "/crm/v3/objects/contacts/" + id, null).status()).isEqualTo(204);
    JsonNode archived = http.get("/crm/v3/objects/contacts?archived=true").body().get("results");
    assertThat(archived).hasSize(1);
    assertThat(archived.get(0).get("archived").asBoolean()).isTrue();
    assertThat(archived.get(0).get("archivedAt").asText()).isNotBlank();
    assertThat(http.get("/crm/v3/objects/contacts").body().get("results")).hasSize(1);
    JsonNode found = http.post("/crm/v3/objects/contacts/search", Map.of("limit", 10)).body();
    assertThat(found.get("total").asInt()).isEqualTo(1);
    assertThat(found.at("/results/0/properties/email").asText()).isEqualTo("kept@example.com");
  }

  @Test
  void searchFiltersSortsAndPages() {
    for (int i = 0; i < 12; i++) {
      http.post(
          "/crm/v3/objects/contacts",
          Map.of(
              "properties",
              Map.of(
                  "email",
                  "s" + i + "@example.com",
                  "firstname",
                  i % 2 == 0 ? "Even" : "Odd",
                  "jobtitle",
                  "Lead Engineer " + i)));
    }
    Map<String, Object> body =
        Map.of(
            "filterGroups",
            List.of(
                Map.of(
                    "filters",
                    List.of(
                        Map.of("propertyName", "firstname", "operator", "EQ", "value", "even")))),
            "sorts",
            List.of(Map.of("propertyName", "email", "direction", "DESCENDING")),
            "properties",
            List.of("email"),
            "limit",
            4);
    JsonNode r = http.post("/crm/v3/objects/contacts/search", body).body();
    assertThat(r.get("total").asInt()).isEqualTo(6);
    assertThat(r.get("results")).hasSize(4);
    assertThat(r.at("/results/0/properties/email").asText()).isEqualTo("s8@example.com");
    assertThat(r.at("/paging/next/after").asText()).isEqualTo("4");
    JsonNode token =
        http.post(
                "/crm/v3/objects/contacts/search",
                Map.of(
                    "filterGroups",
                    List.of(
                        Map.of(
                            "filters",
                            List.of(
                                Map.of(
                                    "propertyName",
                                    "jobtitle",
                                    "operator",
                                    "CONTAINS_TOKEN",
                                    "value",
                                    "engin*"))))))
            .body();
    assertThat(token.get("total").asInt()).isEqualTo(12);
    JsonNode in =
        http.post(
                "/crm/v3/objects/contacts/search",
                Map.of(
                    "filterGroups",
                    List.of(
                        Map.of(
                            "filters",
                            List.of(
                                Map.of(
                                    "propertyName",
                                    "email",
                                    "operator",
                                    "IN",
                                    "values",
                                    List.of("s1@example.com", "s2@example.com")))))))
            .body();
    assertThat(in.get("total").asInt()).isEqualTo(2);
  }

  @Test
  void searchRefusesTooManyFiltersAndPagingPastTheCap() {
    List<Object> groups = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      groups.add(
          Map.of("filters", List.of(Map.of("propertyName", "email", "operator", "HAS_PROPERTY"))));
    }
    assertThat(
            http.post("/crm/v3/objects/contacts/search", Map.of("filterGroups", groups)).status())
        .isEqualTo(400);
    List<Object> seven = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      seven.add(Map.of("propertyName", "email", "operator", "HAS_PROPERTY"));
    }
    assertThat(
            http.post(
                    "/crm/v3/objects/contacts/search",
                    Map.of("filterGroups", List.of(Map.of("filters", seven))))
                .status())
        .isEqualTo(400);
    Http.Res past =
        http.post("/crm/v3/objects/contacts/search", Map.of("after", "10000", "limit", 100));
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.body().get("category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(http.post("/crm/v3/objects/contacts/search", Map.of("limit", 201)).status())
        .isEqualTo(400);
    assertThat(
            http.post("/crm/v3/objects/contacts/search", Map.of("after", "9800", "limit", 200))
                .status())
        .isEqualTo(200);
  }

  @Test
  void missingOrWrongTokenIs401() {
    Http.Res r = new Http(hs.baseUrl(), null).get("/crm/v3/objects/contacts");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
    assertThat(new Http(hs.baseUrl(), "wrong").get("/crm/v3/objects/contacts").status())
        .isEqualTo(401);
  }

  @Test
  void propertiesApiDescribesDefaultProperties() {
    JsonNode results = http.get("/crm/v3/properties/contacts").body().get("results");
    JsonNode stage = null;
    JsonNode id = null;
    for (JsonNode p : results) {
      if (p.get("name").asText().equals("lifecyclestage")) {
        stage = p;
      }
      if (p.get("name").asText().equals("hs_object_id")) {
        id = p;
      }
    }
    assertThat(stage.get("type").asText()).isEqualTo("enumeration");
    assertThat(stage.get("options").findValuesAsText("value"))
        .contains("lead", "customer", "subscriber");
    assertThat(id.at("/modificationMetadata/readOnlyValue").asBoolean()).isTrue();
    assertThat(http.get("/crm/v3/properties/deals").body().get("results").findValuesAsText("name"))
        .contains(
            "dealname", "amount", "closedate", "dealstage", "pipeline", "hs_lastmodifieddate");
  }

  @Test
  void associationsKeepAssociatedCompanyIdInStep() {
    String contact = create("c@example.com");
    String company =
        http.post(
                "/crm/v3/objects/companies",
                Map.of("properties", Map.of("name", "Acme", "domain", "acme.com")))
            .body()
            .get("id")
            .asText();
    Http.Res put =
        http.send(
            "PUT",
            "/crm/v4/objects/contacts/" + contact + "/associations/default/companies/" + company,
            null);
    assertThat(put.status()).isEqualTo(200);
    assertThat(
            http.get("/crm/v3/objects/contacts/" + contact + "?properties=associatedcompanyid")
                .body()
                .at("/properties/associatedcompanyid")
                .asText())
        .isEqualTo(company);
    JsonNode list =
        http.get("/crm/v4/objects/contacts/" + contact + "/associations/companies").body();
    assertThat(list.at("/results/0/toObjectId").asLong()).isEqualTo(Long.parseLong(company));
    assertThat(list.at("/results/0/associationTypes").findValuesAsText("typeId"))
        .contains("279", "1");
    JsonNode back =
        http.get("/crm/v4/objects/companies/" + company + "/associations/contacts").body();
    assertThat(back.at("/results/0/associationTypes").findValuesAsText("typeId")).contains("280");
    JsonNode withAssoc = http.get("/crm/v3/objects/contacts?associations=companies").body();
    assertThat(withAssoc.at("/results/0/associations/companies/results/0/id").asText())
        .isEqualTo(company);
    JsonNode batch =
        http.post(
                "/crm/v4/associations/companies/contacts/batch/read",
                Map.of("inputs", List.of(Map.of("id", company))))
            .body();
    assertThat(batch.at("/results/0/to/0/toObjectId").asText()).isEqualTo(contact);
    assertThat(
            http.send(
                    "DELETE",
                    "/crm/v4/objects/contacts/" + contact + "/associations/companies/" + company,
                    null)
                .status())
        .isEqualTo(204);
    assertThat(
            http.get("/crm/v3/objects/contacts/" + contact + "?properties=associatedcompanyid")
                .body()
                .at("/properties/associatedcompanyid")
                .isNull())
        .isTrue();
  }

  @Test
  void statsCountRequestsByPathTemplate() {
    String id = create("s@example.com");
    http.get("/crm/v3/objects/contacts/" + id);
    http.get("/crm/v3/objects/contacts/" + id);
    JsonNode stats = new Http(hs.baseUrl(), null).get("/_emulator/stats").body();
    assertThat(stats.get("requests").asInt()).isEqualTo(3);
    assertThat(stats.at("/byEndpoint/GET ~1crm~1v3~1objects~1contacts~1{id}").asInt()).isEqualTo(2);
    assertThat(stats.at("/byEndpoint/POST ~1crm~1v3~1objects~1contacts").asInt()).isEqualTo(1);
  }

  @Test
  void injectedFaultsAnswerServerErrorsAndForced429s() {
    Http control = new Http(hs.baseUrl(), null);
    control.post("/_emulator/faults", Map.of("force429", 1, "policyName", "DAILY"));
    Http.Res limited = http.get("/crm/v3/objects/contacts");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body().get("policyName").asText()).isEqualTo("DAILY");
    control.post("/_emulator/faults", Map.of("errorRate", 1.0, "errorStatus", 503));
    assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(503);
    control.send("DELETE", "/_emulator/faults", null);
    assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
  }

  @Test
  void seededDataIsRealisticAndReproducible() {
    hs.seed(5, 20, 5, 42);
    JsonNode first =
        http.get("/crm/v3/objects/contacts?limit=100&properties=email,associatedcompanyid").body();
    hs.reset();
    hs.seed(5, 20, 5, 42);
    JsonNode second =
        http.get("/crm/v3/objects/contacts?limit=100&properties=email,associatedcompanyid").body();
    assertThat(first.get("results").findValuesAsText("email"))
        .hasSize(20)
        .doesNotHaveDuplicates()
        .isEqualTo(second.get("results").findValuesAsText("email"));
    assertThat(first.get("results").findValuesAsText("email"))
        .allMatch(e -> e.matches("[a-z.0-9]+@example\\.(com|org)"));
  }
}
