package dev.tandem.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.ConnectorFactory;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.RateLimitedException;
import dev.tandem.core.spi.RecordingMeter;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour beyond the contract kit: references, errors, limits, OAuth, config. */
class HubSpotConnectorTest {
  final RecordingMeter meter = new RecordingMeter();
  final ConnectorContext context = new ConnectorContext(meter, Clock.systemUTC(), Path.of("."));
  HubSpotEmulator hs;
  HubSpotConnector c;

  @BeforeEach
  void setUp() {
    hs = EmulatorFixture.shared();
    hs.reset();
    c = EmulatorFixture.connector(hs, context, Map.of());
  }

  static String ok(List<WriteResult> results, int i) {
    assertThat(results.get(i).succeeded()).as(String.valueOf(results.get(i))).isTrue();
    return results.get(i).id();
  }

  @Test
  void schemaMapsPropertiesToCanonicalFields() {
    Schema contacts = c.schema(ObjectType.CONTACT);
    assertThat(contacts.byCanonical("email").get().name()).isEqualTo("email");
    assertThat(contacts.byCanonical("email").get().type()).isEqualTo(FieldDef.FieldType.EMAIL);
    assertThat(contacts.byCanonical("firstName").get().name()).isEqualTo("firstname");
    assertThat(contacts.byCanonical("postalCode").get().name()).isEqualTo("zip");
    assertThat(contacts.byCanonical("region").get().name()).isEqualTo("state");
    assertThat(contacts.byCanonical("street").get().name()).isEqualTo("address");
    assertThat(contacts.byCanonical("mobilePhone").get().type())
        .isEqualTo(FieldDef.FieldType.PHONE);
    FieldDef companyRef = contacts.byCanonical("companyRef").get();
    assertThat(companyRef.name()).isEqualTo("associatedcompanyid");
    assertThat(companyRef.type()).isEqualTo(FieldDef.FieldType.REFERENCE);
    FieldDef stage = contacts.field("lifecyclestage").get();
    assertThat(stage.canonical()).isNull();
    assertThat(stage.type()).isEqualTo(FieldDef.FieldType.ENUMERATION);
    assertThat(stage.options()).contains("lead", "customer");

    Schema deals = c.schema(ObjectType.DEAL);
    assertThat(deals.byCanonical("name").get().name()).isEqualTo("dealname");
    assertThat(deals.byCanonical("currency").get().name()).isEqualTo("deal_currency_code");
    assertThat(deals.byCanonical("closeDate").get().type()).isEqualTo(FieldDef.FieldType.DATETIME);
    assertThat(deals.byCanonical("stage").get().options())
        .contains("closed-won", "qualify")
        .doesNotContain("closedwon");
    assertThat(deals.byCanonical("companyRef").get().type())
        .isEqualTo(FieldDef.FieldType.REFERENCE);
    assertThat(deals.byCanonical("contactRef").get().type())
        .isEqualTo(FieldDef.FieldType.REFERENCE);
    assertThat(c.schema(ObjectType.COMPANY).byCanonical("domain").get().name()).isEqualTo("domain");
  }

  @Test
  void customPropertiesAreInTheSchemaWithoutCanonicalNameAndSync() throws Exception {
    api(
        "POST",
        "/crm/v3/properties/contacts",
        "{\"name\":\"shoe_size\",\"label\":\"Shoe size\",\"type\":\"string\",\"fieldType\":\"text\",\"groupName\":\"contactinformation\"}");
    FieldDef shoe = c.schema(ObjectType.CONTACT).field("shoe_size").orElseThrow();
    assertThat(shoe.canonical()).isNull();
    String id =
        ok(
            c.write(
                ObjectType.CONTACT,
                List.of(WriteOp.create(Map.of("email", "s@example.com", "shoe_size", "44")))),
            0);
    assertThat(c.read(ObjectType.CONTACT, List.of(id)).get(0).get("shoe_size")).isEqualTo("44");
  }

  @Test
  void createOfAnExistingEmailResolvesToTheExistingRecord() {
    String existing =
        ok(
            c.write(
                ObjectType.CONTACT, List.of(WriteOp.create(Map.of("email", "ann@example.com")))),
            0);
    List<WriteResult> r =
        c.write(
            ObjectType.CONTACT,
            List.of(
                WriteOp.create(Map.of("email", "ANN@example.com", "firstname", "Ann")),
                WriteOp.create(Map.of("email", "bob@example.com"))));
    assertThat(r.get(0).succeeded()).isFalse();
    assertThat(r.get(0).error().kind()).isEqualTo(WriteError.Kind.ALREADY_EXISTS);
    assertThat(r.get(0).error().existingId()).isEqualTo(existing);
    ok(r, 1);
  }

  @Test
  void invalidValuesFailOnlyTheirItemWithHubSpotsReason() {
    String a =
        ok(
            c.write(ObjectType.CONTACT, List.of(WriteOp.create(Map.of("email", "a@example.com")))),
            0);
    List<WriteResult> r =
        c.write(
            ObjectType.CONTACT,
            List.of(
                WriteOp.update(a, Map.of("lifecyclestage", "bogus"), null),
                WriteOp.create(Map.of("email", "b@example.com", "lifecyclestage", "lead"))));
    assertThat(r.get(0).error().kind()).isEqualTo(WriteError.Kind.INVALID);
    assertThat(r.get(0).error().message()).contains("bogus").contains("lifecyclestage");
    ok(r, 1);
  }

  @Test
  void contactCompanyRefFollowsThePrimaryCompany() {
    String acme =
        ok(
            c.write(
                ObjectType.COMPANY,
                List.of(WriteOp.create(Map.of("name", "Acme", "domain", "acme.com")))),
            0);
    String globex =
        ok(c.write(ObjectType.COMPANY, List.of(WriteOp.create(Map.of("name", "Globex")))), 0);
    String id =
        ok(
            c.write(
                ObjectType.CONTACT,
                List.of(
                    WriteOp.create(Map.of("email", "x@example.com", "associatedcompanyid", acme)))),
            0);
    assertThat(c.read(ObjectType.CONTACT, List.of(id)).get(0).get("associatedcompanyid"))
        .isEqualTo(acme);
    ok(
        c.write(
            ObjectType.CONTACT,
            List.of(WriteOp.update(id, Map.of("associatedcompanyid", globex), null))),
        0);
    Record after = c.scan(ObjectType.CONTACT, null).records().get(0);
    assertThat(after.get("associatedcompanyid")).isEqualTo(globex);
    ok(
        c.write(
            ObjectType.CONTACT,
            List.of(WriteOp.update(id, Map.of("associatedcompanyid", ""), null))),
        0);
    assertThat(c.read(ObjectType.CONTACT, List.of(id)).get(0).get("associatedcompanyid")).isNull();
  }

  @Test
  void dealReferencesAreWrittenAndReadThroughAssociations() throws Exception {
    String acme =
        ok(c.write(ObjectType.COMPANY, List.of(WriteOp.create(Map.of("name", "Acme")))), 0);
    String globex =
        ok(c.write(ObjectType.COMPANY, List.of(WriteOp.create(Map.of("name", "Globex")))), 0);
    String ann =
        ok(
            c.write(
                ObjectType.CONTACT, List.of(WriteOp.create(Map.of("email", "ann@example.com")))),
            0);
    String cursor = c.currentCursor(ObjectType.DEAL);
    String deal =
        ok(
            c.write(
                ObjectType.DEAL,
                List.of(
                    WriteOp.create(
                        Map.of(
                            "dealname",
                            "Big",
                            "associations.company",
                            acme,
                            "associations.contact",
                            ann)))),
            0);
    Record scanned = c.scan(ObjectType.DEAL, null).records().get(0);
    assertThat(scanned.get("associations.company")).isEqualTo(acme);
    assertThat(scanned.get("associations.contact")).isEqualTo(ann);

    ok(
        c.write(
            ObjectType.DEAL,
            List.of(
                WriteOp.update(
                    deal,
                    Map.of("associations.company", globex, "associations.contact", ""),
                    null))),
        0);
    Record read = c.read(ObjectType.DEAL, List.of(deal)).get(0);
    assertThat(read.get("associations.company")).isEqualTo(globex);
    assertThat(read.get("associations.contact")).isNull();
    Changes changes = c.changes(ObjectType.DEAL, cursor);
    assertThat(changes.changed())
        .extracting(r -> r.get("associations.company"))
        .containsExactly(globex);

    List<WriteResult> bad =
        c.write(
            ObjectType.DEAL,
            List.of(WriteOp.update(deal, Map.of("associations.company", "424242"), null)));
    assertThat(bad.get(0).succeeded()).isFalse();
    assertThat(bad.get(0).error().message()).contains("424242");
    assertMeterMatchesEmulator();
  }

  private void assertMeterMatchesEmulator() throws Exception {
    JsonNode stats = new ObjectMapper().readTree(get("/_emulator/stats")).get("byEndpoint");
    Map<String, Long> emulator = new java.util.TreeMap<>();
    stats.fields().forEachRemaining(e -> emulator.put(e.getKey(), e.getValue().asLong()));
    assertThat(meter.byEndpoint()).isEqualTo(emulator);
  }

  @Test
  void meterNamesEveryRequestAsTheEmulatorCountsIt() throws Exception {
    String id =
        ok(
            c.write(ObjectType.CONTACT, List.of(WriteOp.create(Map.of("email", "m@example.com")))),
            0);
    c.scan(ObjectType.CONTACT, null);
    c.read(ObjectType.CONTACT, List.of(id));
    c.find(ObjectType.CONTACT, "email", List.of("m@example.com"));
    c.changes(ObjectType.CONTACT, c.currentCursor(ObjectType.CONTACT));
    c.write(ObjectType.CONTACT, List.of(WriteOp.delete(id, null)));
    assertMeterMatchesEmulator();
    assertThat(meter.byEndpoint())
        .containsKeys(
            "GET /crm/v3/properties/contacts",
            "GET /crm/v3/objects/contacts",
            "POST /crm/v3/objects/contacts/batch/read",
            "POST /crm/v3/objects/contacts/batch/create",
            "POST /crm/v3/objects/contacts/batch/archive",
            "POST /crm/v3/objects/contacts/search");
  }

  /** Reads changes from the cursor to the end; returns the ids read and the next run's cursor. */
  private Map.Entry<List<String>, String> drain(String cursor) {
    List<String> ids = new ArrayList<>();
    Changes ch;
    do {
      ch = c.changes(ObjectType.CONTACT, cursor);
      ch.changed().forEach(r -> ids.add(r.id()));
      cursor = ch.nextCursor();
    } while (ch.hasMore());
    return Map.entry(ids, cursor);
  }

  @Test
  void aRunDoesNotPayAgainForTheLastRecordsTheRunBeforeRead() {
    List<WriteOp> ops = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ops.add(WriteOp.create(Map.of("email", "b" + i + "@example.com")));
    }
    String start = c.currentCursor(ObjectType.CONTACT);
    List<WriteResult> created = c.write(ObjectType.CONTACT, ops);
    var first = drain(start);
    assertThat(first.getKey()).hasSize(100);
    String cursor = first.getValue();
    // The records read at the cursor's millisecond travel with it…
    assertThat(cursor).matches("\\d+~[0-9,]+");
    String atBoundary = cursor.substring(cursor.indexOf('~') + 1).split(",")[0];
    // …so a run with nothing new reads nothing and keeps the cursor.
    var quiet = drain(cursor);
    assertThat(quiet.getKey()).isEmpty();
    assertThat(quiet.getValue()).isEqualTo(cursor);
    // A boundary record changed again, and another record, are both found (and only they).
    String other = ok(created, 0).equals(atBoundary) ? ok(created, 1) : ok(created, 0);
    c.write(
        ObjectType.CONTACT,
        List.of(
            WriteOp.update(atBoundary, Map.of("firstname", "Again"), null),
            WriteOp.update(other, Map.of("firstname", "Other"), null)));
    assertThat(drain(cursor).getKey()).containsExactlyInAnyOrder(atBoundary, other);
  }

  @Test
  void scanOfTheLargestPageCostsOneCallPerHundredRecords() {
    EmulatorFixture.control(hs, "/_emulator/seed", "{\"contacts\":250,\"seed\":3}");
    c.schema(ObjectType.CONTACT);
    meter.reset();
    int records = 0;
    String token = null;
    do {
      var page = c.scan(ObjectType.CONTACT, token);
      records += page.records().size();
      token = page.nextPageToken();
    } while (token != null);
    assertThat(records).isEqualTo(250);
    assertThat(meter.total()).isEqualTo(3);
  }

  @Test
  void tenSecondlyLimitIsRetriableAfterTheInterval() {
    EmulatorFixture.control(hs, "/_emulator/faults", "{\"force429\":1}");
    assertThatThrownBy(() -> c.scan(ObjectType.CONTACT, null))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.daily()).isFalse();
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(10));
              assertThat(e.getMessage()).contains("TEN_SECONDLY_ROLLING");
            });
  }

  @Test
  void aRateLimitAfterPartOfAWriteFailsOnlyTheUnwrittenItems() {
    String a = ok(c.write(ObjectType.COMPANY, List.of(WriteOp.create(Map.of("name", "A")))), 0);
    EmulatorFixture.control(hs, "/_emulator/faults", "{\"force429\":1,\"after\":1}");
    List<WriteResult> r =
        c.write(
            ObjectType.COMPANY,
            List.of(
                WriteOp.create(Map.of("name", "B")),
                WriteOp.update(a, Map.of("name", "A2"), null)));
    // The create went through: throwing would make the engine repeat it and duplicate B.
    String b = ok(r, 0);
    assertThat(r.get(1).error().kind()).isEqualTo(WriteError.Kind.TRANSIENT);
    assertThat(r.get(1).error().message()).contains("TEN_SECONDLY_ROLLING");
    assertThat(c.read(ObjectType.COMPANY, List.of(a, b)))
        .extracting(x -> x.get("name"))
        .containsExactlyInAnyOrder("A", "B");
    EmulatorFixture.control(hs, "/_emulator/faults", "{\"force429\":1}");
    assertThatThrownBy(
            () -> c.write(ObjectType.COMPANY, List.of(WriteOp.create(Map.of("name", "C")))))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void dailyLimitPausesUntilMidnight() {
    EmulatorFixture.control(hs, "/_emulator/faults", "{\"force429\":1,\"policyName\":\"DAILY\"}");
    assertThatThrownBy(() -> c.read(ObjectType.CONTACT, List.of("1")))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.daily()).isTrue();
              assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofDays(1));
              assertThat(e.getMessage()).contains("daily");
            });
  }

  @Test
  void serverErrorsAreTransientAndBadTokensAreNot() {
    EmulatorFixture.control(hs, "/_emulator/faults", "{\"errorRate\":1.0,\"errorStatus\":503}");
    assertThatThrownBy(() -> c.scan(ObjectType.CONTACT, null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageContaining("503");
    hs.reset();
    HubSpotConnector bad = EmulatorFixture.connector(hs, context, Map.of("token", "wrong-token"));
    assertThatThrownBy(() -> bad.scan(ObjectType.CONTACT, null))
        .isInstanceOfSatisfying(
            ConnectorException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageStartingWith(
            "HubSpot rejected the token (401): Authentication credentials not found");
  }

  @Test
  void unreachableHostIsATransientFailureNamingTheUrl() {
    HubSpotConnector down =
        EmulatorFixture.connector(hs, context, Map.of("url", "http://127.0.0.1:1"));
    assertThatThrownBy(() -> down.scan(ObjectType.CONTACT, null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageContaining("http://127.0.0.1:1");
  }

  @Test
  void oauthRefreshesAndKeepsTheRotatedRefreshToken() {
    try (HubSpotEmulator oauth =
        HubSpotEmulator.builder().accessTokenTtlSeconds(2).build().start()) {
      HubSpotConnector conn =
          (HubSpotConnector)
              new HubSpotConnectorFactory()
                  .create(
                      new AccountConfig(
                          "crm",
                          "hubspot",
                          Map.of(
                              "url", oauth.baseUrl(),
                              "client-id", oauth.clientId(),
                              "client-secret", oauth.clientSecret(),
                              "refresh-token", oauth.refreshToken())),
                      context);
      assertThat(conn.scan(ObjectType.CONTACT, null).records()).isEmpty();
      String first = conn.currentRefreshToken();
      assertThat(first).isNotEqualTo(oauth.refreshToken());
      // Tokens expire at once here, so every call refreshes with the latest rotated token.
      assertThat(conn.scan(ObjectType.CONTACT, null).records()).isEmpty();
      assertThat(conn.currentRefreshToken()).isNotEqualTo(first);
      assertThat(meter.count("POST /oauth/v1/token")).isGreaterThanOrEqualTo(2);

      HubSpotConnector stale =
          (HubSpotConnector)
              new HubSpotConnectorFactory()
                  .create(
                      new AccountConfig(
                          "crm",
                          "hubspot",
                          Map.of(
                              "url", oauth.baseUrl(),
                              "client-id", oauth.clientId(),
                              "client-secret", oauth.clientSecret(),
                              "refresh-token", oauth.refreshToken())),
                      context);
      assertThatThrownBy(() -> stale.scan(ObjectType.CONTACT, null))
          .isInstanceOfSatisfying(
              ConnectorException.class, e -> assertThat(e.isTransient()).isFalse())
          .hasMessageContaining("BAD_REFRESH_TOKEN")
          .hasMessageContaining("reconnect");
    }
  }

  @Test
  void factoryIsFoundAndChecksSettings() {
    ConnectorFactory f =
        ServiceLoader.load(ConnectorFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(x -> x.type().equals("hubspot"))
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(
            () ->
                f.create(
                    new AccountConfig("crm", "hubspot", Map.of("token", "t", "colour", "red")),
                    context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'colour'");
    assertThatThrownBy(() -> f.create(new AccountConfig("crm", "hubspot", Map.of()), context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'token'");
    assertThatThrownBy(
            () ->
                f.create(
                    new AccountConfig(
                        "crm", "hubspot", Map.of("client-id", "x", "client-secret", "y")),
                    context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'refresh-token'");
    assertThatThrownBy(
            () ->
                f.create(
                    new AccountConfig("crm", "hubspot", Map.of("token", "t", "page-size", "500")),
                    context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'page-size'");
    assertThatThrownBy(
            () ->
                f.create(
                    new AccountConfig("crm", "hubspot", Map.of("token", "t", "url", "ftp://x")),
                    context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'url'");
    assertThat(
            f.create(new AccountConfig("crm", "hubspot", Map.of("token", "t")), context)
                .capabilities()
                .batchSize())
        .isEqualTo(100);
  }

  @Test
  void clientSideLimiterSpacesRequestsOverTheWindow() {
    RequestLimiter limiter = new RequestLimiter(3, 200);
    long start = System.nanoTime();
    for (int i = 0; i < 7; i++) {
      limiter.acquire();
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(ms).isBetween(390L, 2000L);
  }

  @Test
  void theLimiterWindowRunsFromWhenTheAnswerCameBack() throws InterruptedException {
    // HubSpot counts a request on arrival: a slow request must not free its slot early, or the
    // next one can arrive within the window and draw a 429.
    RequestLimiter limiter = new RequestLimiter(1, 200);
    RequestLimiter.Slot slow = limiter.acquire();
    Thread.sleep(150);
    limiter.completed(slow);
    long answered = System.nanoTime();
    limiter.acquire();
    assertThat((System.nanoTime() - answered) / 1_000_000).isGreaterThanOrEqualTo(195L);
  }

  @Test
  void searchChangesStayWithinFiveRequestsPerSecond() {
    List<WriteOp> ops = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ops.add(WriteOp.create(Map.of("email", "p" + i + "@example.com")));
    }
    String cursor = c.currentCursor(ObjectType.CONTACT);
    c.write(ObjectType.CONTACT, ops);
    HubSpotConnector small = EmulatorFixture.connector(hs, context, Map.of("page-size", "10"));
    long start = System.nanoTime();
    int pages = 0;
    Changes ch;
    String next = cursor;
    do {
      ch = small.changes(ObjectType.CONTACT, next);
      next = ch.nextCursor();
      pages++;
    } while (ch.hasMore());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(pages).isEqualTo(10);
    // Ten searches at five per second need at least one full second.
    assertThat(ms).isGreaterThanOrEqualTo(1000);
  }

  private String get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(hs.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void api(String method, String path, String body) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hs.baseUrl() + path))
                    .header("Authorization", "Bearer " + hs.token())
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
  }
}
