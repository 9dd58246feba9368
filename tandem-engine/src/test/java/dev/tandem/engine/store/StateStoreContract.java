package dev.tandem.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The behaviour every {@link StateStore} must have; run against SQLite and PostgreSQL. */
abstract class StateStoreContract {
  static final SyncKey CONTACTS = new SyncKey("hubspot-dynamics", ObjectType.CONTACT);
  static final SyncKey COMPANIES = new SyncKey("hubspot-dynamics", ObjectType.COMPANY);
  static final SyncKey OTHER = new SyncKey("csv-carddav", ObjectType.CONTACT);
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");

  StateStore store;

  /** A store over a fresh, empty database. */
  abstract StateStore newStore() throws Exception;

  /** Closes {@link #store} and opens the same database again. */
  abstract StateStore reopen() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  static Link link(String a, String b) {
    return new Link(a, b, Map.of("email", a + "@example.com"), "va-" + a, "vb-" + b, T0);
  }

  static IndexEntry entry(String id, String matchKey) {
    return new IndexEntry(
        id, matchKey, new Record(id, Map.of("email", matchKey == null ? "" : matchKey)));
  }

  static List<String> ids(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("%s%05d", prefix, i)).toList();
  }

  // ---- links

  @Test
  void linksAreFoundByEitherSide() {
    store.putLinks(CONTACTS, List.of(link("a1", "b1"), link("a2", "b2")));

    assertThat(store.links(CONTACTS, Side.A, List.of("a1", "a2", "a9")))
        .containsOnlyKeys("a1", "a2")
        .containsEntry("a1", link("a1", "b1"));
    assertThat(store.links(CONTACTS, Side.B, List.of("b2", "a1"))).containsOnlyKeys("b2");
    assertThat(store.links(CONTACTS, Side.B, List.of("b2")).get("b2")).isEqualTo(link("a2", "b2"));
    assertThat(store.links(CONTACTS, Side.A, List.of())).isEmpty();
    assertThat(store.links(COMPANIES, Side.A, List.of("a1"))).isEmpty();
    assertThat(store.countLinks(CONTACTS)).isEqualTo(2);
    assertThat(store.countLinks(COMPANIES)).isZero();
  }

  @Test
  void putLinksReplacesALinkWithTheSameAId() {
    store.putLinks(CONTACTS, List.of(link("a1", "b1")));
    Link replaced = new Link("a1", "b7", Map.of("name", "Zoë"), null, "v2", null);
    store.putLinks(CONTACTS, List.of(replaced));

    assertThat(store.links(CONTACTS, Side.A, List.of("a1")))
        .containsExactly(Map.entry("a1", replaced));
    assertThat(store.links(CONTACTS, Side.B, List.of("b1"))).isEmpty();
    assertThat(store.countLinks(CONTACTS)).isEqualTo(1);
  }

  @Test
  void aBIdRelinkedToAnotherAIdDropsItsOldLink() {
    store.putLinks(CONTACTS, List.of(link("a1", "b1"), link("a2", "b2")));
    store.putLinks(CONTACTS, List.of(link("a3", "b1")));

    assertThat(store.links(CONTACTS, Side.B, List.of("b1")).get("b1").aId()).isEqualTo("a3");
    assertThat(store.links(CONTACTS, Side.A, List.of("a1", "a2", "a3")))
        .containsOnlyKeys("a2", "a3");
  }

  @Test
  void newAndRelinkedLinksInOneTransactionAreAllStored() {
    store.putLinks(CONTACTS, List.of(link("a1", "b1"), link("a2", "b2")));
    store.inTransaction(
        () -> {
          // New links first, then one that takes b1 from a1, then more new ones: SQLite tries the
          // upserts first and redoes them after dropping a1's link.
          store.putLinks(CONTACTS, List.of(link("a4", "b4"), link("a3", "b1"), link("a5", "b5")));
          store.putLinks(CONTACTS, List.of(link("a6", "b6")));
        });

    assertThat(store.links(CONTACTS, Side.A, List.of("a1", "a2", "a3", "a4", "a5", "a6")))
        .containsOnlyKeys("a2", "a3", "a4", "a5", "a6");
    assertThat(store.links(CONTACTS, Side.B, List.of("b1")).get("b1").aId()).isEqualTo("a3");
    assertThat(store.countLinks(CONTACTS)).isEqualTo(5);
  }

  @Test
  void theLastOfDuplicateLinksInOneCallWins() {
    store.putLinks(CONTACTS, List.of(link("a1", "b1"), link("a1", "b2")));

    assertThat(store.links(CONTACTS, Side.A, List.of("a1")).get("a1").bId()).isEqualTo("b2");
    assertThat(store.countLinks(CONTACTS)).isEqualTo(1);
  }

  @Test
  void removeLinksBySide() {
    store.putLinks(CONTACTS, List.of(link("a1", "b1"), link("a2", "b2"), link("a3", "b3")));
    store.putLinks(COMPANIES, List.of(link("a1", "b1")));

    store.removeLinks(CONTACTS, Side.A, List.of("a1"));
    store.removeLinks(CONTACTS, Side.B, List.of("b3", "nope"));

    assertThat(store.linkPage(CONTACTS, null, 10)).extracting(Link::aId).containsExactly("a2");
    assertThat(store.countLinks(COMPANIES)).isEqualTo(1);
  }

  @Test
  void linkPageIsKeysetPagedInAIdOrder() {
    List<String> aIds = new ArrayList<>(ids("a", 25));
    java.util.Collections.shuffle(aIds, new Random(7));
    store.putLinks(CONTACTS, aIds.stream().map(a -> link(a, "b" + a)).toList());

    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    while (true) {
      List<Link> page = store.linkPage(CONTACTS, after, 10);
      if (page.isEmpty()) {
        break;
      }
      pages++;
      page.forEach(l -> seen.add(l.aId()));
      after = page.get(page.size() - 1).aId();
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(ids("a", 25));
  }

  @Test
  void unicodeValuesRoundTrip() {
    Map<String, String> snapshot = new LinkedHashMap<>();
    snapshot.put("name", "Zoë Ñúñez 山田太郎 🚀");
    snapshot.put("note", "line1\nline2\t\"quoted\" \\ back");
    Link link = new Link("ä-1", "б-1", snapshot, "v☃", "v✓", T0);
    store.putLinks(CONTACTS, List.of(link));
    Record record =
        new Record("ä-1", Map.of("name", "Zoë 山田 🚀", "ключ", "значение"), T0, "\"etag-ü\"");
    store.putIndex(CONTACTS, Side.A, List.of(new IndexEntry("ä-1", "zoë@exämple.com", record)));

    assertThat(store.links(CONTACTS, Side.B, List.of("б-1")).get("б-1")).isEqualTo(link);
    assertThat(store.indexByMatchKey(CONTACTS, Side.A, List.of("zoë@exämple.com")))
        .containsExactly(
            Map.entry(
                "zoë@exämple.com", List.of(new IndexEntry("ä-1", "zoë@exämple.com", record))));
  }

  // ---- index

  @Test
  void indexEntriesRoundTripWithTheirRecord() {
    Instant precise = Instant.parse("2026-03-01T10:15:30.123456789Z");
    Record full = new Record("a1", Map.of("email", "x@y.com", "name", "X"), precise, "42");
    Record bare = new Record("a2", Map.of());
    store.putIndex(
        CONTACTS,
        Side.A,
        List.of(
            new IndexEntry("a1", "x@y.com", full),
            new IndexEntry("a2", null, bare),
            new IndexEntry("a3", "z@y.com", null)));

    Map<String, IndexEntry> byId =
        store.indexById(CONTACTS, Side.A, List.of("a1", "a2", "a3", "a4"));
    assertThat(byId).containsOnlyKeys("a1", "a2", "a3");
    assertThat(byId.get("a1").record()).isEqualTo(full);
    assertThat(byId.get("a1").record().modified()).isEqualTo(precise);
    assertThat(byId.get("a2")).isEqualTo(new IndexEntry("a2", null, bare));
    assertThat(byId.get("a3").record()).isNull();
    assertThat(store.indexById(CONTACTS, Side.B, List.of("a1"))).isEmpty();
  }

  @Test
  void indexByMatchKeyGroupsEntriesOfOneSide() {
    store.putIndex(
        CONTACTS,
        Side.A,
        List.of(
            entry("a1", "dup@x.com"),
            entry("a2", "dup@x.com"),
            entry("a3", "one@x.com"),
            entry("a4", null)));
    store.putIndex(CONTACTS, Side.B, List.of(entry("b1", "dup@x.com")));

    Map<String, List<IndexEntry>> found =
        store.indexByMatchKey(
            CONTACTS, Side.A, Arrays.asList("dup@x.com", "one@x.com", "none@x.com", null));
    assertThat(found).containsOnlyKeys("dup@x.com", "one@x.com");
    assertThat(found.get("dup@x.com"))
        .extracting(IndexEntry::id)
        .containsExactlyInAnyOrder("a1", "a2");
    assertThat(found.get("one@x.com")).extracting(IndexEntry::id).containsExactly("a3");
  }

  @Test
  void idsByMatchKeyGroupsIdsOfOneSide() {
    store.putIndex(
        CONTACTS,
        Side.A,
        List.of(entry("a1", "dup@x.com"), entry("a2", "dup@x.com"), entry("a3", "one@x.com")));
    store.putIndex(CONTACTS, Side.B, List.of(entry("b1", "dup@x.com")));

    Map<String, List<String>> found =
        store.idsByMatchKey(
            CONTACTS, Side.A, Arrays.asList("dup@x.com", "one@x.com", "none@x.com", null));
    assertThat(found).containsOnlyKeys("dup@x.com", "one@x.com");
    assertThat(found.get("dup@x.com")).containsExactlyInAnyOrder("a1", "a2");
    assertThat(store.idsByMatchKey(CONTACTS, Side.B, List.of("dup@x.com")))
        .containsExactly(Map.entry("dup@x.com", List.of("b1")));
  }

  @Test
  void lookupsOfManyIdsFindEachOnceWhateverTheListLength() {
    // Lists are padded to a few fixed lengths and cut into chunks of 500: every length around
    // those borders must find exactly what is there.
    List<IndexEntry> entries = new java.util.ArrayList<>();
    List<Link> links = new java.util.ArrayList<>();
    for (int i = 0; i < 1_203; i++) {
      entries.add(entry("a" + i, "k" + i + "@x.com"));
      links.add(new Link("a" + i, "b" + i, Map.of("email", "k" + i), "1", "2", T0));
    }
    store.putIndex(CONTACTS, Side.A, entries);
    store.putLinks(CONTACTS, links);
    for (int n : new int[] {1, 2, 4, 5, 16, 17, 64, 65, 200, 201, 499, 500, 501, 1_203}) {
      List<String> ids = new java.util.ArrayList<>();
      List<String> keys = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add("a" + i);
        keys.add("k" + i + "@x.com");
      }
      ids.add("missing");
      assertThat(store.indexById(CONTACTS, Side.A, ids)).hasSize(n);
      assertThat(store.idsByMatchKey(CONTACTS, Side.A, keys)).hasSize(n);
      assertThat(store.links(CONTACTS, Side.A, ids)).hasSize(n);
      assertThat(
              store.links(CONTACTS, Side.B, ids.stream().map(x -> "b" + x.substring(1)).toList()))
          .hasSize(n);
    }
    store.removeLinks(CONTACTS, Side.B, List.of("b0", "b500", "b1202"));
    store.removeIndex(CONTACTS, Side.A, List.of("a1", "a2"));
    assertThat(store.countLinks(CONTACTS)).isEqualTo(1_200);
    assertThat(store.indexById(CONTACTS, Side.A, List.of("a0", "a1", "a2", "a3"))).hasSize(2);
  }

  @Test
  void putIndexReplacesAnEntry() {
    store.putIndex(CONTACTS, Side.A, List.of(entry("a1", "old@x.com")));
    store.putIndex(CONTACTS, Side.A, List.of(new IndexEntry("a1", "new@x.com", null)));

    assertThat(store.indexById(CONTACTS, Side.A, List.of("a1")))
        .containsExactly(Map.entry("a1", new IndexEntry("a1", "new@x.com", null)));
    assertThat(store.indexByMatchKey(CONTACTS, Side.A, List.of("old@x.com"))).isEmpty();
  }

  @Test
  void removeIndexForgetsEntriesOfOneSide() {
    store.putIndex(CONTACTS, Side.A, List.of(entry("x1", "a@x.com"), entry("x2", "b@x.com")));
    store.putIndex(CONTACTS, Side.B, List.of(entry("x1", "a@x.com")));

    store.removeIndex(CONTACTS, Side.A, List.of("x1"));

    assertThat(store.indexById(CONTACTS, Side.A, List.of("x1", "x2"))).containsOnlyKeys("x2");
    assertThat(store.indexById(CONTACTS, Side.B, List.of("x1"))).containsOnlyKeys("x1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"A", "B"})
  void unlinkedPageSkipsLinkedEntriesAndPagesById(String sideName) {
    Side side = Side.valueOf(sideName);
    List<String> all = ids("r", 30);
    store.putIndex(CONTACTS, side, all.stream().map(id -> entry(id, id + "@x.com")).toList());
    store.putIndex(CONTACTS, side.other(), List.of(entry("r00001", "other-side")));
    // Every third record is linked (on this side); the rest stay unlinked.
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 3) {
      String id = all.get(i);
      links.add(side == Side.A ? link(id, "other-" + id) : link("other-" + id, id));
    }
    store.putLinks(CONTACTS, links);

    List<String> seen = new ArrayList<>();
    String after = null;
    List<IndexEntry> page;
    while (!(page = store.unlinkedPage(CONTACTS, side, after, 7)).isEmpty()) {
      assertThat(page.size()).isLessThanOrEqualTo(7);
      page.forEach(e -> seen.add(e.id()));
      after = page.get(page.size() - 1).id();
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (i % 3 != 0) {
        expected.add(all.get(i));
      }
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(store.unlinkedPage(CONTACTS, side, null, 1).get(0).record().get("email"))
        .isEqualTo("r00001@x.com");
  }

  @Test
  void clearIndexForgetsEverythingOfOneSyncKeyOnly() {
    for (SyncKey key : List.of(CONTACTS, COMPANIES)) {
      store.putIndex(key, Side.A, List.of(entry("a1", "m")));
      store.putLinks(key, List.of(link("a1", "b1")));
      store.putCursor(key, Side.A, "cursor-a");
      store.putIntents(key, List.of(new Intent(Side.B, "a1", "m", T0)));
      store.putHealth(
          key, List.of(new HealthEntry(Side.A, "a2", HealthState.EXCLUDED, "rule", 0, null, T0)));
    }
    long run =
        store.startRun(
            new RunRecord(
                0,
                CONTACTS.connection(),
                "initial",
                T0,
                null,
                "running",
                Map.of(),
                Map.of(),
                null));

    store.clearIndex(CONTACTS);

    assertThat(store.indexById(CONTACTS, Side.A, List.of("a1"))).isEmpty();
    assertThat(store.countLinks(CONTACTS)).isZero();
    assertThat(store.cursor(CONTACTS, Side.A)).isEmpty();
    assertThat(store.intents(CONTACTS)).isEmpty();
    assertThat(store.health(CONTACTS, Side.A, "a2")).isEmpty();

    assertThat(store.indexById(COMPANIES, Side.A, List.of("a1"))).hasSize(1);
    assertThat(store.countLinks(COMPANIES)).isEqualTo(1);
    assertThat(store.cursor(COMPANIES, Side.A)).contains("cursor-a");
    assertThat(store.intents(COMPANIES)).hasSize(1);
    assertThat(store.health(COMPANIES, Side.A, "a2")).isPresent();
    assertThat(store.runs(CONTACTS.connection(), 10))
        .extracting(RunRecord::id)
        .containsExactly(run);
  }

  // ---- chunking

  @Test
  void bulkCallsWithMoreIdsThanOneStatementTakes() {
    List<String> aIds = ids("a", 1_234);
    store.putLinks(CONTACTS, aIds.stream().map(a -> link(a, "b-" + a)).toList());
    store.putIndex(
        CONTACTS, Side.A, aIds.stream().map(a -> entry(a, "m-" + (a.hashCode() % 700))).toList());
    store.putHealth(
        CONTACTS,
        aIds.stream()
            .map(a -> new HealthEntry(Side.A, a, HealthState.PENDING, "r", 0, null, T0))
            .toList());

    assertThat(store.links(CONTACTS, Side.A, aIds)).hasSize(1_234);
    assertThat(store.links(CONTACTS, Side.B, aIds.stream().map(a -> "b-" + a).toList()))
        .hasSize(1_234);
    assertThat(store.indexById(CONTACTS, Side.A, aIds)).hasSize(1_234);
    Map<String, List<IndexEntry>> byKey =
        store.indexByMatchKey(
            CONTACTS, Side.A, IntStream.range(-700, 700).mapToObj(i -> "m-" + i).toList());
    assertThat(byKey.values().stream().mapToInt(List::size).sum()).isEqualTo(1_234);

    List<String> removed = aIds.subList(0, 1_100);
    store.removeLinks(CONTACTS, Side.A, removed);
    store.removeIndex(CONTACTS, Side.A, removed);
    store.removeHealth(CONTACTS, Side.A, removed);

    assertThat(store.countLinks(CONTACTS)).isEqualTo(134);
    assertThat(store.indexById(CONTACTS, Side.A, aIds)).hasSize(134);
    assertThat(store.healthCounts(CONTACTS).get(HealthState.PENDING)).isEqualTo(134);
  }

  @Test
  void chunksAreDistinctAndAtMost500() {
    List<String> values = new ArrayList<>(ids("x", 1_001));
    values.addAll(ids("x", 10));
    values.add(null);

    List<List<String>> chunks = JdbcStateStore.chunks(values);

    assertThat(chunks).extracting(List::size).containsExactly(500, 500, 1);
    assertThat(chunks.stream().flatMap(List::stream).toList())
        .containsExactlyElementsOf(ids("x", 1_001));
  }

  // ---- cursors and intents

  @Test
  void cursorsPerSideAndReplaced() {
    assertThat(store.cursor(CONTACTS, Side.A)).isEmpty();
    store.putCursor(CONTACTS, Side.A, "1");
    store.putCursor(CONTACTS, Side.B, "token-β");
    store.putCursor(CONTACTS, Side.A, "2");

    assertThat(store.cursor(CONTACTS, Side.A)).contains("2");
    assertThat(store.cursor(CONTACTS, Side.B)).contains("token-β");
    assertThat(store.cursor(OTHER, Side.A)).isEmpty();
  }

  @Test
  void intentsAreStoredReplacedAndRemoved() {
    Intent toB = new Intent(Side.B, "a1", "x@y.com", T0);
    Intent toA = new Intent(Side.A, "b1", null, T0.plusSeconds(1));
    store.putIntents(CONTACTS, List.of(toB, toA));
    Intent again = new Intent(Side.B, "a1", "new@y.com", T0.plusSeconds(2));
    store.putIntents(CONTACTS, List.of(again));

    assertThat(store.intents(CONTACTS)).containsExactly(toA, again);
    assertThat(store.intents(OTHER)).isEmpty();

    store.removeIntents(CONTACTS, Side.B, List.of("a1", "b1"));
    assertThat(store.intents(CONTACTS)).containsExactly(toA);
  }

  // ---- health

  @Test
  void healthEntriesAreStoredReplacedAndRemoved() {
    HealthEntry failing =
        new HealthEntry(
            Side.B, "b1", HealthState.FAILING, "HTTP 400: bad phone", 2, T0.plusSeconds(60), T0);
    store.putHealth(CONTACTS, List.of(failing));
    assertThat(store.health(CONTACTS, Side.B, "b1")).contains(failing);
    assertThat(store.health(CONTACTS, Side.A, "b1")).isEmpty();

    HealthEntry excluded =
        new HealthEntry(
            Side.B, "b1", HealthState.EXCLUDED, "rule: no email", 0, null, T0.plusSeconds(5));
    store.putHealth(CONTACTS, List.of(excluded));
    assertThat(store.health(CONTACTS, Side.B, "b1")).contains(excluded);

    store.removeHealth(CONTACTS, Side.B, List.of("b1"));
    assertThat(store.health(CONTACTS, Side.B, "b1")).isEmpty();
  }

  @Test
  void healthPageIsNewestFirstPerState() {
    List<HealthEntry> entries = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      HealthState state = i % 3 == 0 ? HealthState.DUPLICATE : HealthState.EXCLUDED;
      entries.add(new HealthEntry(Side.A, "a" + i, state, "why " + i, 0, null, T0.plusSeconds(i)));
    }
    store.putHealth(CONTACTS, entries);

    assertThat(store.healthPage(CONTACTS, HealthState.DUPLICATE, 0, 10))
        .extracting(HealthEntry::id)
        .containsExactly("a9", "a6", "a3", "a0");
    assertThat(store.healthPage(CONTACTS, HealthState.EXCLUDED, 2, 3))
        .extracting(HealthEntry::id)
        .containsExactly("a8", "a7", "a5");
    assertThat(store.healthPage(CONTACTS, null, 0, 3))
        .extracting(HealthEntry::id)
        .containsExactly("a11", "a10", "a9");
    assertThat(store.healthPage(CONTACTS, HealthState.FAILING, 0, 10)).isEmpty();
  }

  @Test
  void healthCountsCountLinksAsSynced() {
    store.putLinks(CONTACTS, List.of(link("a1", "b1"), link("a2", "b2"), link("a3", "b3")));
    store.putHealth(
        CONTACTS,
        List.of(
            new HealthEntry(Side.A, "a7", HealthState.EXCLUDED, "r", 0, null, T0),
            new HealthEntry(Side.B, "b7", HealthState.EXCLUDED, "r", 0, null, T0),
            new HealthEntry(Side.A, "a8", HealthState.FAILING, "r", 1, T0, T0)));
    store.putHealth(
        OTHER, List.of(new HealthEntry(Side.A, "a9", HealthState.PENDING, "r", 0, null, T0)));

    assertThat(store.healthCounts(CONTACTS))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                HealthState.SYNCED, 3L,
                HealthState.EXCLUDED, 2L,
                HealthState.FAILING, 1L,
                HealthState.DUPLICATE, 0L,
                HealthState.PENDING, 0L));
  }

  @Test
  void dueRetriesAreFailingEntriesWhoseTimeHasCome() {
    store.putHealth(
        CONTACTS,
        List.of(
            new HealthEntry(Side.A, "due", HealthState.FAILING, "r", 1, T0.minusSeconds(1), T0),
            new HealthEntry(Side.B, "now", HealthState.FAILING, "r", 3, T0, T0),
            new HealthEntry(Side.A, "later", HealthState.FAILING, "r", 1, T0.plusSeconds(1), T0),
            new HealthEntry(Side.A, "never", HealthState.FAILING, "r", 9, null, T0),
            new HealthEntry(
                Side.A, "excluded", HealthState.EXCLUDED, "r", 0, T0.minusSeconds(5), T0)));

    assertThat(store.dueRetries(CONTACTS, T0))
        .extracting(HealthEntry::id)
        .containsExactly("due", "now");
    assertThat(store.dueRetries(OTHER, T0)).isEmpty();
  }

  // ---- activity, runs, pauses

  @Test
  void activityIsNewestFirstPerConnection() {
    Map<String, List<String>> changes = new HashMap<>();
    changes.put("phone", Arrays.asList(null, "+44 20 7946 0000"));
    changes.put("name", List.of("Zoe", "Zoë"));
    List<ActivityEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(
          new ActivityEntry(
              7,
              CONTACTS.connection(),
              ObjectType.CONTACT,
              Side.B,
              "b" + i,
              "updated",
              changes,
              "changed in A",
              T0.plusSeconds(i)));
    }
    store.addActivity(entries);
    store.addActivity(
        List.of(
            new ActivityEntry(
                8,
                OTHER.connection(),
                ObjectType.DEAL,
                Side.A,
                "x",
                "created",
                Map.of(),
                "new in B",
                T0)));

    List<ActivityEntry> page = store.activity(CONTACTS.connection(), 1, 3);
    assertThat(page).extracting(ActivityEntry::recordId).containsExactly("b3", "b2", "b1");
    assertThat(page.get(0)).isEqualTo(entries.get(3));
    assertThat(store.activity(OTHER.connection(), 0, 10))
        .extracting(ActivityEntry::type)
        .containsExactly(ObjectType.DEAL);
    assertThat(store.activity("nobody", 0, 10)).isEmpty();
  }

  @Test
  void runsAreStartedFinishedAndListedNewestFirst() {
    long first =
        store.startRun(
            new RunRecord(99, "c1", "initial", T0, null, "running", Map.of(), Map.of(), null));
    long second =
        store.startRun(
            new RunRecord(
                0,
                "c1",
                "incremental",
                T0.plusSeconds(60),
                null,
                "running",
                Map.of(),
                Map.of(),
                null));
    long other =
        store.startRun(
            new RunRecord(0, "c2", "full", T0, null, "running", Map.of(), Map.of(), null));
    assertThat(second).isGreaterThan(first);
    assertThat(other).isNotIn(first, second);

    RunRecord finished =
        new RunRecord(
            first,
            "c1",
            "initial",
            T0,
            T0.plusSeconds(30),
            "completed",
            Map.of("contact", Map.of("created", 12L, "updated", 3_000_000_000L)),
            Map.of("a", Map.of("GET /contacts", 4L), "b", Map.of("POST /batch", 2L)),
            null);
    store.finishRun(finished);

    assertThat(store.runs("c1", 10)).extracting(RunRecord::id).containsExactly(second, first);
    assertThat(store.runs("c1", 10).get(1)).isEqualTo(finished);
    assertThat(store.runs("c1", 1)).extracting(RunRecord::status).containsExactly("running");
    assertThatThrownBy(
            () ->
                store.finishRun(
                    new RunRecord(
                        other + 1000, "c1", "full", T0, T0, "failed", Map.of(), Map.of(), "boom")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no run");
  }

  @Test
  void pausesAreSetReplacedAndLifted() {
    assertThat(store.pause("c1")).isEmpty();
    store.putPause("c1", "needs approval: 1,200 deletes", null);
    assertThat(store.pause("c1"))
        .contains(new StateStore.Pause("needs approval: 1,200 deletes", null));
    store.putPause("c1", "daily quota", T0);
    assertThat(store.pause("c1")).contains(new StateStore.Pause("daily quota", T0));
    assertThat(store.pause("c2")).isEmpty();

    store.putPause("c1", null, null);
    assertThat(store.pause("c1")).isEmpty();
  }

  // ---- transactions

  @Test
  void aTransactionCommitsEverythingTogether() {
    String result =
        store.inTransaction(
            () -> {
              store.putLinks(CONTACTS, List.of(link("a1", "b1")));
              store.putCursor(CONTACTS, Side.A, "c1");
              store.putHealth(
                  CONTACTS,
                  List.of(new HealthEntry(Side.A, "a2", HealthState.FAILING, "r", 1, T0, T0)));
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(store.countLinks(CONTACTS)).isEqualTo(1);
    assertThat(store.cursor(CONTACTS, Side.A)).contains("c1");
    assertThat(store.healthCounts(CONTACTS).get(HealthState.FAILING)).isEqualTo(1);
  }

  @Test
  void anExceptionInsideATransactionRollsBackEverything() {
    store.putCursor(CONTACTS, Side.A, "before");

    assertThatThrownBy(
            () ->
                store.inTransaction(
                    () -> {
                      store.putLinks(CONTACTS, List.of(link("a1", "b1")));
                      store.putIndex(CONTACTS, Side.A, List.of(entry("a1", "m")));
                      store.putCursor(CONTACTS, Side.A, "after");
                      store.addActivity(
                          List.of(
                              new ActivityEntry(
                                  1,
                                  "c",
                                  ObjectType.CONTACT,
                                  Side.A,
                                  "a1",
                                  "linked",
                                  Map.of(),
                                  "r",
                                  T0)));
                      store.inTransaction(
                          () ->
                              store.putIntents(
                                  CONTACTS, List.of(new Intent(Side.B, "a1", "m", T0))));
                      throw new IllegalStateException("write to B failed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("write to B failed");

    assertThat(store.countLinks(CONTACTS)).isZero();
    assertThat(store.indexById(CONTACTS, Side.A, List.of("a1"))).isEmpty();
    assertThat(store.cursor(CONTACTS, Side.A)).contains("before");
    assertThat(store.activity("c", 0, 10)).isEmpty();
    assertThat(store.intents(CONTACTS)).isEmpty();
    // The store is still usable afterwards.
    store.putLinks(CONTACTS, List.of(link("a1", "b1")));
    assertThat(store.countLinks(CONTACTS)).isEqualTo(1);
  }

  @Test
  void callsInsideATransactionOnTheSameThreadSeeItsWrites() {
    store.inTransaction(
        () -> {
          store.putLinks(CONTACTS, List.of(link("a1", "b1")));
          store.putIndex(CONTACTS, Side.A, List.of(entry("a1", "m"), entry("a2", "m")));
          assertThat(store.countLinks(CONTACTS)).isEqualTo(1);
          assertThat(store.links(CONTACTS, Side.B, List.of("b1"))).hasSize(1);
          assertThat(store.unlinkedPage(CONTACTS, Side.A, null, 10))
              .extracting(IndexEntry::id)
              .containsExactly("a2");
          assertThat(store.healthCounts(CONTACTS).get(HealthState.SYNCED)).isEqualTo(1);
          long run =
              store.startRun(
                  new RunRecord(0, "c", "full", T0, null, "running", Map.of(), Map.of(), null));
          assertThat(store.runs("c", 1)).extracting(RunRecord::id).containsExactly(run);
        });
    assertThat(store.countLinks(CONTACTS)).isEqualTo(1);
  }

  @Test
  void anotherThreadDoesNotJoinTheTransaction() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch written = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> failing =
          other.submit(
              () ->
                  store.inTransaction(
                      () -> {
                        store.putLinks(OTHER, List.of(link("x1", "y1")));
                        written.countDown();
                        await(release);
                        throw new IllegalStateException("rolled back");
                      }));
      assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
      // This thread is not inside that transaction: its write (which may have to wait for the
      // other transaction with SQLite's single connection) commits independently.
      CompletableFuture<Void> mine =
          CompletableFuture.runAsync(() -> store.putLinks(CONTACTS, List.of(link("a1", "b1"))));
      release.countDown();
      assertThatThrownBy(() -> failing.get(20, TimeUnit.SECONDS))
          .hasRootCauseMessage("rolled back");
      mine.get(20, TimeUnit.SECONDS);
      assertThat(store.countLinks(OTHER)).isZero();
      assertThat(store.countLinks(CONTACTS)).isEqualTo(1);
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void concurrentTransactionsOnSeveralThreadsAllCommit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (ObjectType type : ObjectType.values()) {
        for (String connection : List.of("c1", "c2")) {
          SyncKey key = new SyncKey(connection, type);
          futures.add(
              pool.submit(
                  () -> {
                    for (int page = 0; page < 5; page++) {
                      int p = page;
                      store.inTransaction(
                          () -> {
                            List<String> a = ids("a" + p + "-", 50);
                            store.putLinks(key, a.stream().map(id -> link(id, "b" + id)).toList());
                            store.putCursor(key, Side.A, "page-" + p);
                            assertThat(store.links(key, Side.A, a)).hasSize(50);
                          });
                    }
                  }));
        }
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (ObjectType type : ObjectType.values()) {
      assertThat(store.countLinks(new SyncKey("c2", type))).isEqualTo(250);
      assertThat(store.cursor(new SyncKey("c1", type), Side.A)).contains("page-4");
    }
  }

  // ---- lifecycle

  @Test
  void dataSurvivesReopeningAndMigrationsRunOnce() throws Exception {
    store.putLinks(CONTACTS, List.of(link("a1", "b1")));
    store.putCursor(CONTACTS, Side.B, "42");
    store = reopen();

    assertThat(store.links(CONTACTS, Side.A, List.of("a1"))).hasSize(1);
    assertThat(store.cursor(CONTACTS, Side.B)).contains("42");
  }

  @Test
  void sizeBytesGrowsWithContent() {
    long empty = store.sizeBytes();
    assertThat(empty).isPositive();
    store.putIndex(
        CONTACTS,
        Side.A,
        ids("a", 5_000).stream()
            .map(id -> new IndexEntry(id, id, new Record(id, Map.of("note", "x".repeat(200)))))
            .toList());
    assertThat(store.sizeBytes()).isGreaterThan(empty);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
