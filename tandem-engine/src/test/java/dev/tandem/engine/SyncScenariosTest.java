package dev.tandem.engine;

import static dev.tandem.engine.Harness.CONTACT;
import static dev.tandem.engine.Harness.contact;
import static dev.tandem.engine.Harness.writes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.mapping.FieldMappingSpec;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.rules.Rule;
import dev.tandem.core.sync.ConflictPolicy;
import dev.tandem.core.sync.DeleteGuard;
import dev.tandem.core.sync.DeletePolicy;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.store.HealthEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.engine.store.SyncKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncScenariosTest {
  @TempDir static Path dir;
  static StateStore store;
  static final AtomicInteger names = new AtomicInteger();

  @BeforeAll
  static void open() {
    store = StateStores.sqlite(dir.resolve("scenarios.db"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private Harness harness() {
    return new Harness(store, "s" + names.incrementAndGet());
  }

  private static ObjectSyncSpec spec(
      ConflictPolicy conflict, DeletePolicy deletes, List<Rule> rules) {
    return new ObjectSyncSpec(
        CONTACT,
        List.of("email"),
        conflict,
        deletes,
        DeleteGuard.DEFAULT,
        List.<FieldMappingSpec>of(),
        rules);
  }

  private List<HealthEntry> health(Harness h, HealthState state) {
    return store.healthPage(new SyncKey(h.name, CONTACT), state, 0, 100);
  }

  @Test
  void createsAndUpdatesFlowBothWays() {
    Harness h = harness();
    String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    String b1 = h.b.put(CONTACT, contact("grace@y.com", "Grace", "Hopper"));
    RunReport first = h.syncOk();
    assertThat(first.total("created.b")).isEqualTo(1);
    assertThat(first.total("created.a")).isEqualTo(1);
    assertThat(h.byEmail(h.b, "ada@x.com").get("lastName")).isEqualTo("Lovelace");
    assertThat(h.byEmail(h.a, "grace@y.com").get("firstName")).isEqualTo("Grace");

    h.a.edit(CONTACT, a1, Map.of("phone", "+44 1"));
    h.b.edit(CONTACT, b1, Map.of("company", "Navy"));
    RunReport second = h.syncOk();
    assertThat(second.total("updated.a")).isEqualTo(1);
    assertThat(second.total("updated.b")).isEqualTo(1);
    assertThat(h.byEmail(h.b, "ada@x.com").get("phone")).isEqualTo("+44 1");
    assertThat(h.byEmail(h.a, "grace@y.com").get("company")).isEqualTo("Navy");
    assertThat(writes(h.syncOk())).isZero();
  }

  @Test
  void smartMergeFillsBlanksAndNeverEmptiesAValue() {
    Harness h = harness();
    h.a.put(CONTACT, Map.of("email", "ada@x.com", "firstName", "Ada", "phone", "+44 1"));
    h.b.put(CONTACT, Map.of("email", "ADA@x.com", "lastName", "Lovelace", "company", "Engines"));
    RunReport r = h.syncOk();
    assertThat(r.total("linked")).isEqualTo(1);
    assertThat(r.total("created.a") + r.total("created.b")).isZero();
    for (Record rec : List.of(h.byEmail(h.a, "ada@x.com"), h.byEmail(h.b, "ada@x.com"))) {
      assertThat(rec.fields())
          .containsEntry("firstName", "Ada")
          .containsEntry("lastName", "Lovelace")
          .containsEntry("phone", "+44 1")
          .containsEntry("company", "Engines");
    }
    assertThat(writes(h.syncOk())).isZero();
  }

  @Test
  void bothEditedToTheSameValueIsNoConflict() {
    Harness h = harness();
    String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.syncOk();
    String b1 = h.byEmail(h.b, "ada@x.com").id();
    h.a.edit(CONTACT, a1, Map.of("phone", "123"));
    h.b.edit(CONTACT, b1, Map.of("phone", "123"));
    RunReport r = h.syncOk();
    assertThat(r.total("conflicts")).isZero();
    assertThat(writes(r)).isZero();
  }

  @Test
  void conflictingEditsFollowThePolicy() {
    for (ConflictPolicy policy : ConflictPolicy.values()) {
      Harness h = harness();
      h.specs = List.of(spec(policy, DeletePolicy.IGNORE, List.of()));
      String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
      h.syncOk();
      String b1 = h.byEmail(h.b, "ada@x.com").id();
      h.b.edit(CONTACT, b1, Map.of("phone", "from b"));
      h.a.edit(CONTACT, a1, Map.of("phone", "from a")); // later, so newest = a
      RunReport r = h.syncOk();
      assertThat(r.total("conflicts")).as(policy.id()).isEqualTo(1);
      String expected = policy == ConflictPolicy.B_WINS ? "from b" : "from a";
      assertThat(h.a.get(CONTACT, a1).get("phone")).as(policy.id()).isEqualTo(expected);
      assertThat(h.b.get(CONTACT, b1).get("phone")).as(policy.id()).isEqualTo(expected);
      assertThat(writes(h.syncOk())).isZero();
    }
  }

  @Test
  void newestWinsByModificationTime() {
    Harness h = harness();
    String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.syncOk();
    String b1 = h.byEmail(h.b, "ada@x.com").id();
    h.a.edit(CONTACT, a1, Map.of("phone", "from a"));
    h.clock.advance(Duration.ofMinutes(1));
    h.b.edit(CONTACT, b1, Map.of("phone", "from b"));
    h.syncOk();
    assertThat(h.a.get(CONTACT, a1).get("phone")).isEqualTo("from b");
  }

  @Test
  void echoOfOurOwnWriteIsANoOp() {
    Harness h = harness();
    String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.syncOk();
    h.a.edit(CONTACT, a1, Map.of("phone", "1"));
    RunReport r = h.syncOk(); // writes b; b's change feed now holds our write
    assertThat(r.total("updated.b")).isEqualTo(1);
    RunReport echo = h.syncOk();
    assertThat(writes(echo)).isZero();
    assertThat(echo.total("updated.a") + echo.total("updated.b")).isZero();
  }

  @Test
  void twoRecordsWithOneEmailAreDuplicatesAndNothingIsCreated() {
    Harness h = harness();
    h.a.put(CONTACT, contact("ada@x.com", "Ada", "One"));
    h.a.put(CONTACT, contact("ADA@x.com", "Ada", "Two"));
    RunReport r = h.syncOk();
    assertThat(r.total("duplicates")).isEqualTo(2);
    assertThat(h.b.all(CONTACT)).isEmpty();
    assertThat(health(h, HealthState.DUPLICATE))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.reason()).contains("ada@x.com").contains("2 records"));
  }

  @Test
  void aRecordMatchingTwoRecordsOfTheOtherSideIsADuplicateAndNothingIsCreated() {
    Harness h = harness();
    h.b.put(CONTACT, contact("ada@x.com", "Ada", "B1"));
    h.b.put(CONTACT, contact("ada@x.com", "Ada", "B2"));
    h.a.put(CONTACT, contact("ada@x.com", "Ada", "A"));
    h.a.put(CONTACT, contact("grace@x.com", "Grace", "A"));
    h.syncOk();
    assertThat(h.b.all(CONTACT)).hasSize(3);
    assertThat(h.a.all(CONTACT)).hasSize(2);
    assertThat(health(h, HealthState.DUPLICATE))
        .anySatisfy(e -> assertThat(e.reason()).contains("matches 2 records in b"));
    RunReport again = h.syncOk();
    assertThat(again.total("created.a") + again.total("created.b")).isZero();
  }

  @Test
  void duplicatesFarApartInTheCreatePhaseAreStillDuplicates() {
    // An A of more than InitialSync.ONE_PASS (5,000) records plus a page is matched a batch at
    // a time and created afterwards, from the index, in chunks of CREATE_CHUNK (5,000), in id
    // order: the two records sharing an email ("1" and "999" of 1..6002 in text order) are in
    // different chunks, so only the store can tell that their key is shared.
    Harness h = harness();
    int n = 6_002;
    for (int i = 1; i <= n; i++) {
      String email = i == 1 || i == 999 ? "ada@x.com" : "p" + i + "@x.com";
      assertThat(h.a.put(CONTACT, contact(email, "P", "N" + i))).isEqualTo(Integer.toString(i));
    }
    RunReport r = h.syncOk();
    assertThat(r.total("duplicates")).isEqualTo(2);
    assertThat(h.b.all(CONTACT)).hasSize(n - 2);
    assertThat(h.byEmail(h.b, "ada@x.com")).isNull();
  }

  @Test
  void resolvingADuplicateSyncsTheRecordThatIsLeft() {
    Harness h = harness();
    h.a.put(CONTACT, contact("ada@x.com", "Ada", "One"));
    String two = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Two"));
    h.syncOk();
    h.a.delete(CONTACT, two);
    h.syncOk();
    assertThat(h.b.all(CONTACT)).hasSize(1);
    assertThat(h.byEmail(h.b, "ada@x.com").get("lastName")).isEqualTo("One");
    assertThat(health(h, HealthState.DUPLICATE)).isEmpty();
  }

  @Test
  void aLinkedRecordWhoseEmailChangesStaysLinked() {
    Harness h = harness();
    String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.syncOk();
    String b1 = h.byEmail(h.b, "ada@x.com").id();
    h.a.edit(CONTACT, a1, Map.of("email", "ada@new.com"));
    h.syncOk();
    assertThat(h.b.all(CONTACT)).hasSize(1);
    assertThat(h.b.get(CONTACT, b1).get("email")).isEqualTo("ada@new.com");
    h.b.edit(CONTACT, b1, Map.of("phone", "9"));
    h.syncOk();
    assertThat(h.a.get(CONTACT, a1).get("phone")).isEqualTo("9");
    assertThat(h.a.all(CONTACT)).hasSize(1);
  }

  @Test
  void aRecordLeavingScopeIsExcludedNotDeleted() {
    Harness h = harness();
    h.specs =
        List.of(
            spec(
                ConflictPolicy.NEWEST,
                DeletePolicy.PROPAGATE,
                List.of(Rule.of(Side.A, "tags != private", Map.of()))));
    String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.a.put(CONTACT, Map.of("email", "secret@x.com", "tags", "private"));
    h.syncOk();
    assertThat(h.b.all(CONTACT)).extracting(r -> r.get("email")).containsExactly("ada@x.com");
    h.a.edit(CONTACT, a1, Map.of("tags", "private", "phone", "5"));
    RunReport r = h.syncOk();
    assertThat(r.total("deleted.b")).isZero();
    Record b = h.byEmail(h.b, "ada@x.com");
    assertThat(b).isNotNull();
    assertThat(b.get("phone")).isNull();
    assertThat(health(h, HealthState.EXCLUDED)).extracting(HealthEntry::id).contains(a1);
    assertThat(
            health(h, HealthState.EXCLUDED).stream()
                .filter(e -> e.id().equals(a1))
                .findFirst()
                .orElseThrow()
                .reason())
        .contains("tags != private");
  }

  @Test
  void aMatchedPairOutOfScopeIsExcludedOnceAndNotReadAgain() {
    Harness h = harness();
    h.specs =
        List.of(
            spec(
                ConflictPolicy.NEWEST,
                DeletePolicy.IGNORE,
                List.of(
                    Rule.of(Side.A, "tags != private", Map.of()),
                    Rule.of(Side.B, "tags != private", Map.of()))));
    String a1 = h.a.put(CONTACT, Map.of("email", "secret@x.com", "tags", "private"));
    String b1 = h.b.put(CONTACT, Map.of("email", "SECRET@x.com", "tags", "private"));
    h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    RunReport r = h.syncOk();
    assertThat(h.a.all(CONTACT)).hasSize(2);
    assertThat(h.b.all(CONTACT)).extracting(x -> x.get("email")).contains("ada@x.com").hasSize(2);
    // the create phases must not take up the pair again (which would read it from the app)
    assertThat(r.apiCalls().get(Side.A)).doesNotContainKey("read");
    assertThat(r.apiCalls().get(Side.B)).doesNotContainKey("read");
    assertThat(health(h, HealthState.EXCLUDED)).extracting(HealthEntry::id).contains(a1, b1);
  }

  @Test
  void deletesIgnoredByDefault() {
    Harness h = harness();
    String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.syncOk();
    h.a.delete(CONTACT, a1);
    RunReport r = h.syncOk();
    assertThat(r.total("deleted.b")).isZero();
    assertThat(h.b.all(CONTACT)).hasSize(1);
    assertThat(store.countLinks(new SyncKey(h.name, CONTACT))).isZero();
  }

  @Test
  void deletesPropagateWhenConfigured() {
    Harness h = harness();
    h.specs = List.of(spec(ConflictPolicy.NEWEST, DeletePolicy.PROPAGATE, List.of()));
    String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.a.put(CONTACT, contact("bob@x.com", "Bob", "B"));
    h.syncOk();
    String bobB = h.byEmail(h.b, "bob@x.com").id();
    h.a.delete(CONTACT, a1);
    h.b.delete(CONTACT, bobB);
    RunReport r = h.syncOk();
    assertThat(r.total("deleted.b")).isEqualTo(1);
    assertThat(r.total("deleted.a")).isEqualTo(1);
    assertThat(h.a.all(CONTACT)).isEmpty();
    assertThat(h.b.all(CONTACT)).isEmpty();
  }

  @Test
  void deletesTagTheOtherRecordWhenConfigured() {
    Harness h = harness();
    h.specs = List.of(spec(ConflictPolicy.NEWEST, DeletePolicy.TAG, List.of()));
    String a1 = h.a.put(CONTACT, Map.of("email", "ada@x.com", "tags", "vip"));
    h.syncOk();
    h.a.delete(CONTACT, a1);
    h.syncOk();
    Record b = h.byEmail(h.b, "ada@x.com");
    assertThat(b.get("tags")).contains("vip").contains(DeletePolicy.DELETED_TAG);
  }

  @Test
  void massDeleteGuardPausesUntilApproved() {
    Harness h = harness();
    h.specs =
        List.of(
            new ObjectSyncSpec(
                CONTACT,
                List.of("email"),
                ConflictPolicy.NEWEST,
                DeletePolicy.PROPAGATE,
                new DeleteGuard(2, 0),
                List.of(),
                List.of()));
    for (int i = 0; i < 5; i++) {
      h.a.put(CONTACT, contact("p" + i + "@x.com", "P", "" + i));
    }
    h.syncOk();
    h.a.all(CONTACT).stream().limit(3).forEach(r -> h.a.delete(CONTACT, r.id()));
    RunReport held = h.sync();
    assertThat(held.status()).isEqualTo("needs-approval");
    assertThat(held.error()).contains("--approve-deletes");
    assertThat(h.b.all(CONTACT)).hasSize(5);
    RunReport paused = h.sync();
    assertThat(paused.status()).isEqualTo("paused");
    assertThat(h.b.all(CONTACT)).hasSize(5);
    RunReport approved = h.sync(new RunOptions(false, false, true));
    assertThat(approved.status()).isEqualTo("completed");
    assertThat(approved.total("deleted.b")).isEqualTo(3);
    assertThat(h.b.all(CONTACT)).hasSize(2);
    assertThat(h.syncOk().status()).isEqualTo("completed");
  }

  @Test
  void aRateLimitStormStillCompletes() {
    Harness h = harness();
    for (int i = 0; i < 30; i++) {
      h.a.put(CONTACT, contact("p" + i + "@x.com", "P", "" + i));
      h.b.put(CONTACT, contact("q" + i + "@x.com", "Q", "" + i));
    }
    h.a.faults().seed(1).rateLimitRate(0.4, Duration.ofMillis(5));
    h.b.faults().seed(2).rateLimitRate(0.4, Duration.ofMillis(5));
    h.syncOk();
    h.a.faults().clear();
    h.b.faults().clear();
    assertThat(h.a.all(CONTACT)).hasSize(60);
    assertThat(h.b.all(CONTACT)).hasSize(60);
  }

  @Test
  void transientFailuresOfReadsAreRetried() {
    Harness h = harness();
    for (int i = 0; i < 10; i++) {
      h.b.put(CONTACT, contact("q" + i + "@x.com", "Q", "" + i));
    }
    h.b.faults().failNext(3);
    h.syncOk();
    assertThat(h.a.all(CONTACT)).hasSize(10);
  }

  @Test
  void anExpiredCursorFallsBackToAScan() {
    Harness h = harness();
    String a1 = h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.syncOk();
    h.a.edit(CONTACT, a1, Map.of("phone", "7"));
    h.a.faults().expireCursorsBefore(h.a.sequence() + 1);
    RunReport r = h.syncOk();
    assertThat(h.byEmail(h.b, "ada@x.com").get("phone")).isEqualTo("7");
    assertThat(r.apiCalls().get(Side.A)).containsKey("scan");
    h.a.faults().clear();
    assertThat(writes(h.syncOk())).isZero();
  }

  @Test
  void aRejectedRecordFailsAloneAndIsRetriedLater() {
    Harness h = harness();
    h.b.faults().rejectWhen(f -> "bad".equals(f.get("lastName")), "lastName 'bad' is not allowed");
    h.a.put(CONTACT, contact("ok@x.com", "Ok", "Fine"));
    String bad = h.a.put(CONTACT, contact("bad@x.com", "No", "bad"));
    RunReport r = h.syncOk();
    assertThat(r.total("failed")).isEqualTo(1);
    assertThat(h.b.all(CONTACT)).hasSize(1);
    assertThat(health(h, HealthState.FAILING))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(bad);
              assertThat(e.reason()).contains("lastName 'bad' is not allowed");
            });
    h.b.faults().clear();
    h.a.edit(CONTACT, bad, Map.of("firstName", "Now"));
    h.syncOk();
    assertThat(h.b.all(CONTACT)).hasSize(2);
    assertThat(health(h, HealthState.FAILING)).isEmpty();
  }

  @Test
  void aFailingRecordIsRetriedAfterItsBackoffWithoutChanging() {
    Harness h = harness();
    h.b.faults().rejectWhen(f -> "bad".equals(f.get("lastName")), "not allowed");
    h.a.put(CONTACT, contact("bad@x.com", "No", "bad"));
    h.syncOk();
    h.b.faults().clear();
    h.syncOk();
    assertThat(h.b.all(CONTACT)).isEmpty(); // backoff not over yet
    h.clock.advance(Duration.ofMinutes(2));
    h.syncOk();
    assertThat(h.b.all(CONTACT)).hasSize(1);
  }

  @Test
  void recordsWithoutEmailAreReportedNotSynced() {
    Harness h = harness();
    String anon = h.a.put(CONTACT, Map.of("firstName", "Anonymous"));
    RunReport r = h.syncOk();
    assertThat(r.total("excluded")).isEqualTo(1);
    assertThat(h.b.all(CONTACT)).isEmpty();
    assertThat(health(h, HealthState.EXCLUDED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(anon);
              assertThat(e.reason()).contains("email");
            });
  }

  @Test
  void aDryRunWritesNothingAndReportsThePlan() {
    Harness h = harness();
    h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.b.put(CONTACT, contact("grace@y.com", "Grace", "Hopper"));
    RunReport dry = h.sync(new RunOptions(true, false, false));
    assertThat(dry.status()).isEqualTo("completed");
    assertThat(dry.plan()).hasSize(2);
    assertThat(dry.plan())
        .anySatisfy(
            w -> {
              assertThat(w.side()).isEqualTo(Side.B);
              assertThat(w.fields()).containsEntry("email", "ada@x.com");
            });
    assertThat(h.a.all(CONTACT)).hasSize(1);
    assertThat(h.b.all(CONTACT)).hasSize(1);
    assertThat(store.runs(h.name, 10)).isEmpty();
    assertThat(store.cursor(new SyncKey(h.name, CONTACT), Side.A)).isEmpty();
    RunReport real = h.syncOk();
    assertThat(real.total("created.a") + real.total("created.b")).isEqualTo(2);
  }

  @Test
  void setActionsOfRulesAreWrittenOnce() {
    Harness h = harness();
    h.specs =
        List.of(
            spec(
                ConflictPolicy.NEWEST,
                DeletePolicy.IGNORE,
                List.of(Rule.of(Side.A, "", Map.of("jobTitle", "from A")))));
    h.specs =
        List.of(
            new ObjectSyncSpec(
                CONTACT,
                List.of("email"),
                ConflictPolicy.NEWEST,
                DeletePolicy.IGNORE,
                DeleteGuard.DEFAULT,
                List.of(new FieldMappingSpec("jobTitle", "jobTitle", "off", Map.of(), null, null)),
                List.of(Rule.of(Side.A, "", Map.of("jobTitle", "from A")))));
    h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.syncOk();
    assertThat(h.byEmail(h.b, "ada@x.com").get("jobTitle")).isEqualTo("from A");
    assertThat(writes(h.syncOk())).isZero();
  }

  @Test
  void everyRunIsStoredWithCountsAndApiCalls() {
    Harness h = harness();
    h.a.put(CONTACT, contact("ada@x.com", "Ada", "Lovelace"));
    h.syncOk();
    var runs = store.runs(h.name, 5);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).status()).isEqualTo("completed");
    assertThat(runs.get(0).counts().get("contact")).containsEntry("created.b", 1L);
    assertThat(runs.get(0).apiCalls().get("b")).containsKey("write");
  }

  @Test
  void aContactsCompanyFollowsAcrossApps() {
    Harness h = harness();
    h.specs =
        List.of(
            ObjectSyncSpec.defaults(dev.tandem.core.model.ObjectType.COMPANY),
            ObjectSyncSpec.defaults(CONTACT));
    var company = dev.tandem.core.model.ObjectType.COMPANY;
    String acmeA = h.a.put(company, Map.of("name", "Acme", "domain", "acme.com"));
    String adaA = h.a.put(CONTACT, Map.of("email", "ada@acme.com", "companyRef", acmeA));
    h.syncOk();
    String acmeB = h.b.all(company).get(0).id();
    Record adaB = h.byEmail(h.b, "ada@acme.com");
    assertThat(adaB.get("companyRef")).isEqualTo(acmeB);

    String globexB = h.b.put(company, Map.of("name", "Globex", "domain", "globex.com"));
    h.b.edit(CONTACT, adaB.id(), Map.of("companyRef", globexB));
    h.syncOk();
    String globexA =
        h.a.all(company).stream()
            .filter(r -> "Globex".equals(r.get("name")))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(h.a.get(CONTACT, adaA).get("companyRef")).isEqualTo(globexA);
    assertThat(writes(h.syncOk())).isZero();
  }
}
