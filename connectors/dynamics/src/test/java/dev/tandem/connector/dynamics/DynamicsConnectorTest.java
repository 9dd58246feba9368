package dev.tandem.connector.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.ConnectorFactory;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.RateLimitedException;
import dev.tandem.core.spi.RecordingMeter;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import dev.tandem.emulator.dynamics.DynamicsEmulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connector behaviour beyond the contract kit: auth, concurrency, cursors, limits, lookups. */
class DynamicsConnectorTest {
  DynamicsEmulator emulator;
  final RecordingMeter meter = new RecordingMeter();

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.stop();
    }
  }

  DynamicsEmulator start(DynamicsEmulator.Options options) {
    emulator = new DynamicsEmulator(options).start();
    return emulator;
  }

  Connector oauth(Map<String, Object> extra) {
    Map<String, Object> s = new HashMap<>();
    s.put("url", emulator.baseUrl());
    s.put("token-url", emulator.tokenUrl());
    s.put("client-id", emulator.clientId());
    s.put("client-secret", emulator.clientSecret());
    s.putAll(extra);
    return new DynamicsConnectorFactory()
        .create(
            new AccountConfig("crm", "dynamics", s),
            new ConnectorContext(meter, Clock.systemUTC(), Path.of(".")));
  }

  static AccountConfig config(Map<String, Object> s) {
    return new AccountConfig("crm", "dynamics", s);
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(p -> p.get().type()))
        .contains("dynamics");
  }

  @Test
  void badSettingsAreConfigErrorsNamingTheKey() {
    DynamicsConnectorFactory f = new DynamicsConnectorFactory();
    ConnectorContext ctx = ConnectorContext.defaults();
    assertThatThrownBy(
            () ->
                f.create(
                    config(
                        Map.of("url", "https://x.crm.dynamics.com/api/data/v9.2", "colour", "red")),
                    ctx))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'colour'");
    assertThatThrownBy(
            () -> f.create(config(Map.of("url", "https://x.crm.dynamics.com/api/data/v9.2")), ctx))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'token'")
        .hasMessageContaining("'client-id'");
    assertThatThrownBy(() -> f.create(config(Map.of("url", "x.crm", "token", "t")), ctx))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'url'");
    assertThatThrownBy(
            () ->
                f.create(
                    config(
                        Map.of(
                            "url",
                            "https://x.crm.dynamics.com/api/data/v9.2",
                            "token",
                            "t",
                            "page-size",
                            "9000")),
                    ctx))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'page-size' must be between 1 and 5000");
    Connector ok =
        f.create(
            config(Map.of("url", "https://x.crm.dynamics.com/api/data/v9.2/", "token", "t")), ctx);
    assertThat(ok.capabilities().pageSize()).isEqualTo(5000);
    assertThat(ok.capabilities().batchSize()).isEqualTo(1000);
  }

  @Test
  void renewsTheAccessTokenBeforeItExpiresAndAfterA401() throws Exception {
    start(
        new DynamicsEmulator.Options()
            .accessTokenLifetime(Duration.ofSeconds(2))
            .seedData(1, 3, 0, 1));
    Connector c = oauth(Map.of());
    assertThat(c.scan(ObjectType.CONTACT, null).records()).hasSize(3);
    assertThat(meter.count("POST /{tenant}/oauth2/v2.0/token")).isEqualTo(1);
    c.scan(ObjectType.CONTACT, null);
    assertThat(meter.count("POST /{tenant}/oauth2/v2.0/token")).isEqualTo(1);
    // Renewed at half the lifetime of a short-lived token, before the API refuses it.
    Thread.sleep(1100);
    assertThat(c.scan(ObjectType.CONTACT, null).records()).hasSize(3);
    assertThat(meter.count("POST /{tenant}/oauth2/v2.0/token")).isEqualTo(2);
    // A token revoked early is renewed once on the 401.
    emulator.revokeAccessTokens();
    assertThat(c.scan(ObjectType.CONTACT, null).records()).hasSize(3);
    assertThat(meter.count("POST /{tenant}/oauth2/v2.0/token")).isEqualTo(3);
  }

  @Test
  void wrongCredentialsAreAClearNonTransientError() {
    start(new DynamicsEmulator.Options());
    Connector c = oauth(Map.of("client-secret", "wrong"));
    assertThatThrownBy(() -> c.scan(ObjectType.CONTACT, null))
        .isInstanceOfSatisfying(
            ConnectorException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("app 'crm' (dynamics)")
        .hasMessageContaining("invalid_client")
        .hasMessageContaining("client-secret");

    Connector stale =
        new DynamicsConnectorFactory()
            .create(
                config(Map.of("url", emulator.baseUrl(), "token", "expired")),
                ConnectorContext.defaults());
    assertThatThrownBy(() -> stale.scan(ObjectType.CONTACT, null))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("'token'");
  }

  @Test
  void aStaleEtagIsAVersionMismatchAndNeverOverwrites() {
    start(new DynamicsEmulator.Options());
    Connector c = oauth(Map.of());
    WriteResult created =
        c.write(ObjectType.CONTACT, List.of(WriteOp.create(Map.of("lastname", "Lovelace")))).get(0);
    String id = created.id();
    String v1 = created.version();
    assertThat(v1).startsWith("W/\"");
    WriteResult first =
        c.write(ObjectType.CONTACT, List.of(WriteOp.update(id, Map.of("firstname", "Ada"), v1)))
            .get(0);
    assertThat(first.succeeded()).isTrue();
    assertThat(first.version()).isNotEqualTo(v1);

    List<WriteResult> stale =
        c.write(
            ObjectType.CONTACT,
            List.of(
                WriteOp.update(id, Map.of("firstname", "Augusta"), v1), WriteOp.delete(id, v1)));
    assertThat(stale)
        .allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(WriteError.Kind.VERSION_MISMATCH));
    assertThat(stale.get(0).error().message()).contains("RowVersion");
    assertThat(c.read(ObjectType.CONTACT, List.of(id)).get(0).get("firstname")).isEqualTo("Ada");
  }

  @Test
  void anExpiredDeltaLinkIsCursorExpired() {
    start(new DynamicsEmulator.Options().seedData(1, 2, 0, 1));
    Connector c = oauth(Map.of());
    String cursor = c.currentCursor(ObjectType.CONTACT);
    assertThat(c.changes(ObjectType.CONTACT, cursor).changed()).isEmpty();
    emulator.expireDeltaTokens();
    assertThatThrownBy(() -> c.changes(ObjectType.CONTACT, cursor))
        .isInstanceOf(CursorExpiredException.class)
        .hasMessageContaining("0x80044352");
    assertThatThrownBy(
            () ->
                c.changes(
                    ObjectType.CONTACT,
                    "https://elsewhere.example/api/data/v9.2/contacts?$deltatoken=1"))
        .isInstanceOf(CursorExpiredException.class);
  }

  @Test
  void a429OnABatchIsRateLimitedWithRetryAfter() {
    start(new DynamicsEmulator.Options());
    Connector c = oauth(Map.of());
    c.scan(ObjectType.CONTACT, null);
    emulator.force429(1, 7);
    assertThatThrownBy(
            () -> c.write(ObjectType.CONTACT, List.of(WriteOp.create(Map.of("lastname", "X")))))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
              assertThat(e.daily()).isFalse();
            })
        .hasMessageContaining("0x80072322");
  }

  @Test
  void companiesAndDealsCarryLookupsChoicesAndDomains() {
    start(new DynamicsEmulator.Options());
    Connector c = oauth(Map.of());
    String account =
        c.write(
                ObjectType.COMPANY,
                List.of(
                    WriteOp.create(
                        Map.of("name", "Contoso", "websiteurl", "https://www.contoso.com/about"))))
            .get(0)
            .id();
    Record company = c.read(ObjectType.COMPANY, List.of(account)).get(0);
    assertThat(company.get("domain")).isEqualTo("contoso.com");
    assertThat(c.schema(ObjectType.COMPANY).field("domain").map(FieldDef::readOnly)).contains(true);

    String contact =
        c.write(
                ObjectType.CONTACT,
                List.of(WriteOp.create(Map.of("lastname", "Hopper", "parentcustomerid", account))))
            .get(0)
            .id();
    assertThat(c.read(ObjectType.CONTACT, List.of(contact)).get(0).get("parentcustomerid"))
        .isEqualTo(account);

    WriteResult deal =
        c.write(
                ObjectType.DEAL,
                List.of(
                    WriteOp.create(
                        Map.of(
                            "name", "Pilot",
                            "estimatedvalue", "12500.50",
                            "estimatedclosedate", "2026-12-31",
                            "salesstage", "Propose",
                            "parentaccountid", account,
                            "parentcontactid", contact))))
            .get(0);
    assertThat(deal.succeeded()).as(String.valueOf(deal)).isTrue();
    Record d = c.read(ObjectType.DEAL, List.of(deal.id())).get(0);
    assertThat(d.get("estimatedvalue")).isEqualTo("12500.5");
    assertThat(d.get("estimatedclosedate")).isEqualTo("2026-12-31");
    // Stages are read in canonical terms; a sales stage label is accepted on write.
    assertThat(d.get("salesstage")).isEqualTo("propose");
    assertThat(d.get("parentaccountid")).isEqualTo(account);
    assertThat(d.get("parentcontactid")).isEqualTo(contact);

    // Clearing a lookup unbinds it; a bad choice or number is refused before any request.
    c.write(
        ObjectType.CONTACT, List.of(WriteOp.update(contact, Map.of("parentcustomerid", ""), null)));
    assertThat(c.read(ObjectType.CONTACT, List.of(contact)).get(0).get("parentcustomerid"))
        .isNull();
    List<WriteResult> bad =
        c.write(
            ObjectType.DEAL,
            List.of(
                WriteOp.update(deal.id(), Map.of("salesstage", "Maybe"), null),
                WriteOp.update(deal.id(), Map.of("estimatedvalue", "lots"), null),
                WriteOp.update(
                    deal.id(),
                    Map.of("parentaccountid", "00000000-0000-4000-8000-000000000001"),
                    null)));
    assertThat(bad)
        .allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(WriteError.Kind.INVALID));
    assertThat(bad.get(0).error().message())
        .contains("qualify, develop, propose, closed-won, closed-lost")
        .contains("Qualify, Develop, Propose, Close");
    assertThat(bad.get(2).error().message()).contains("account With Id");
  }

  @Test
  void stagesTravelInCanonicalTermsThroughSalesStageAndState() {
    start(new DynamicsEmulator.Options().seedData(0, 0, 0, 1));
    Connector c = oauth(Map.of());
    assertThat(c.schema(ObjectType.DEAL).byCanonical("stage").get().options())
        .containsExactly("qualify", "develop", "propose", "closed-won", "closed-lost");
    String id =
        c.write(
                ObjectType.DEAL,
                List.of(WriteOp.create(Map.of("name", "X", "salesstage", "develop"))))
            .get(0)
            .id();
    for (String stage : List.of("closed-won", "qualify", "closed-lost", "propose", "develop")) {
      WriteResult r =
          c.write(ObjectType.DEAL, List.of(WriteOp.update(id, Map.of("salesstage", stage), null)))
              .get(0);
      assertThat(r.succeeded()).as(stage + ": " + r).isTrue();
      assertThat(c.read(ObjectType.DEAL, List.of(id)).get(0).get("salesstage"))
          .as("after writing " + stage)
          .isEqualTo(stage);
    }
    // The Close sales stage of a deal still open is not closed yet: it reads as propose.
    c.write(ObjectType.DEAL, List.of(WriteOp.update(id, Map.of("salesstage", "Close"), null)));
    assertThat(c.read(ObjectType.DEAL, List.of(id)).get(0).get("salesstage")).isEqualTo("propose");
  }

  @Test
  void changesReportDeletionsAndFollowPages() {
    start(new DynamicsEmulator.Options().seedData(0, 0, 0, 1));
    Connector c = oauth(Map.of("page-size", "2"));
    List<WriteResult> made =
        c.write(
            ObjectType.CONTACT,
            List.of(
                WriteOp.create(Map.of("lastname", "A")),
                WriteOp.create(Map.of("lastname", "B")),
                WriteOp.create(Map.of("lastname", "C"))));
    String cursor = c.currentCursor(ObjectType.CONTACT);
    c.write(
        ObjectType.CONTACT,
        List.of(
            WriteOp.delete(made.get(0).id(), null),
            WriteOp.update(made.get(1).id(), Map.of("firstname", "Bee"), null),
            WriteOp.create(Map.of("lastname", "D")),
            WriteOp.create(Map.of("lastname", "E"))));
    Changes page1 = c.changes(ObjectType.CONTACT, cursor);
    assertThat(page1.hasMore()).isTrue();
    assertThat(page1.complete()).isFalse();
    Changes page2 = c.changes(ObjectType.CONTACT, page1.nextCursor());
    Changes last = page2;
    while (last.hasMore()) {
      last = c.changes(ObjectType.CONTACT, last.nextCursor());
    }
    assertThat(last.nextCursor()).contains("$deltatoken=");
    long changed =
        page1.changed().size()
            + page2.changed().size()
            + (last == page2 ? 0 : last.changed().size());
    assertThat(changed).isEqualTo(3);
    List<String> deleted = new java.util.ArrayList<>(page1.deleted());
    deleted.addAll(page2.deleted());
    if (last != page2) {
      deleted.addAll(last.deleted());
    }
    assertThat(deleted).containsExactly(made.get(0).id());
  }

  @Test
  void writesAreOneBatchCallAndCountedByTheMeterAndTheEmulatorAlike() {
    start(new DynamicsEmulator.Options());
    Connector c = oauth(Map.of());
    c.write(
        ObjectType.CONTACT,
        List.of(WriteOp.create(Map.of("lastname", "A")), WriteOp.create(Map.of("lastname", "B"))));
    assertThat(meter.count("POST /api/data/v9.2/$batch")).isEqualTo(1);
    assertThat(emulator.requestCount("POST", "/api/data/v9.2/$batch")).isEqualTo(1);
    assertThat(emulator.requestCount("POST", "/api/data/v9.2/contacts")).isEqualTo(2);
  }

  @Test
  void findsEmailsWithQuotesAndSplitsOversizedWrites() {
    start(new DynamicsEmulator.Options());
    Connector c = oauth(Map.of("batch-size", "2"));
    List<WriteResult> made =
        c.write(
            ObjectType.CONTACT,
            List.of(
                WriteOp.create(
                    Map.of("lastname", "O'Brien", "emailaddress1", "o'brien@example.com")),
                WriteOp.create(Map.of("lastname", "Zoë", "emailaddress1", "zoë@exämple.com")),
                WriteOp.create(Map.of("lastname", "Plain", "emailaddress1", "plain@example.com"))));
    assertThat(made).allSatisfy(r -> assertThat(r.succeeded()).as(String.valueOf(r)).isTrue());
    assertThat(meter.count("POST /api/data/v9.2/$batch")).isEqualTo(2);
    List<Record> found =
        c.find(
            ObjectType.CONTACT,
            "emailaddress1",
            List.of("O'BRIEN@example.com", "ZOË@exämple.com", "nobody@example.com"));
    assertThat(found)
        .extracting(Record::id)
        .containsExactlyInAnyOrder(made.get(0).id(), made.get(1).id());
  }
}
