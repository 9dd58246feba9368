package dev.tandem.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.connector.memory.MemoryConnector;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.CallMeter;
import dev.tandem.engine.Counts;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.IndexEntry;
import dev.tandem.engine.store.Link;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.engine.store.SyncKey;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matcher's memory of this run's matches, over a write-behind store whose writer is held back:
 * what reads cannot see yet it remembers, what the store has committed it forgets.
 */
class MatcherTest {
  static final ObjectType CONTACT = ObjectType.CONTACT;

  @TempDir Path dir;
  StateStore store;
  WriteBehindStore behind;
  final CountDownLatch gate = new CountDownLatch(1);
  Matcher matcher;
  TypeContext ctx;

  /** The keys of each lookup of same-side records by match key. */
  final List<List<Object>> sameSideLookups = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    store = StateStores.sqlite(dir.resolve("m.db"));
    // the writer's transactions wait at the gate, so nothing it is given is committed until then
    StateStore held =
        (StateStore)
            Proxy.newProxyInstance(
                StateStore.class.getClassLoader(),
                new Class<?>[] {StateStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("idsByMatchKey")) {
                    sameSideLookups.add(List.copyOf((java.util.Collection<Object>) args[2]));
                  }
                  if (method.getName().equals("inTransaction")
                      && Thread.currentThread().getName().startsWith("tandem-store-writer")) {
                    assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
                  }
                  try {
                    return method.invoke(store, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    behind = new WriteBehindStore(held, "matcher-test");
    MemoryApp a = new MemoryApp("a", Clock.systemUTC());
    MemoryApp b = new MemoryApp("b", Clock.systemUTC());
    ctx =
        new TypeContext(
                new RunEnv(
                    "people", 1, store, Clock.systemUTC(), ProgressListener.NONE, RunEnv.ONE_PASS),
                ObjectSyncSpec.defaults(CONTACT),
                new MemoryConnector(a, new CallMeter(), 100, 100),
                new MemoryConnector(b, new CallMeter(), 100, 100),
                new Counts())
            .withStore(behind);
    matcher = new Matcher(ctx);
  }

  @AfterEach
  void close() {
    gate.countDown();
    behind.close();
    store.close();
  }

  static Record contact(String id, String email) {
    return new Record(id, Map.of("email", email), null, "1");
  }

  /** A record of {@code side} already in the store's index, as an earlier page left it. */
  void indexed(Side side, String id, String email) {
    store.putIndex(ctx.key, side, List.of(new IndexEntry(id, email, contact(id, email))));
  }

  /** What the initial sync's scan of A does with a match: its link goes to the writer. */
  void link(Matcher.Outcome outcome) {
    for (Work w : outcome.works) {
      Work.NewMatch m = (Work.NewMatch) w;
      Link l = new Link(m.a().id(), m.b().id(), Map.of(), "1", "1", Instant.EPOCH);
      behind.inTransaction(() -> behind.putLinks(ctx.key, List.of(l)));
    }
  }

  @Test
  void aMatchWhoseLinkIsNotCommittedIsRememberedThenForgottenOnceItIs() {
    indexed(Side.B, "y", "ada@x.io");

    Matcher.Outcome first = matcher.classify(Side.A, List.of(contact("x1", "ada@x.io")), false);
    assertThat(first.works).hasSize(1);
    link(first);

    // the link is queued, not committed: only the matcher's memory says y is taken
    Matcher.Outcome second = matcher.classify(Side.A, List.of(contact("x2", "ADA@x.io")), false);
    assertThat(second.works).isEmpty();
    assertThat(second.health)
        .singleElement()
        .satisfies(h -> assertThat(h.state()).isEqualTo(HealthState.DUPLICATE))
        .satisfies(h -> assertThat(h.reason()).contains("already linked"));
    assertThat(matcher.remembered()).isEqualTo(2);

    gate.countDown();
    behind.flush();
    Matcher.Outcome third = matcher.classify(Side.A, List.of(contact("x3", "ada@x.io")), false);
    assertThat(matcher.remembered()).as("matches whose links are committed").isZero();
    assertThat(third.works).as("y is linked in the store now").isEmpty();
    assertThat(third.health)
        .singleElement()
        .satisfies(h -> assertThat(h.reason()).contains("already linked"));
  }

  @Test
  void aScanWithoutCreatesLooksUpSameSideRecordsOnlyForKeysWithACounterpart() {
    gate.countDown();
    indexed(Side.B, "y", "ada@x.io");
    indexed(Side.A, "x0", "bob@x.io");

    Matcher.Outcome out =
        matcher.classify(
            Side.A,
            List.of(contact("x1", "ada@x.io"), contact("x2", "bob@x.io"), contact("x3", "cy@x.io")),
            false);

    assertThat(sameSideLookups).containsExactly(List.of("ada@x.io"));
    assertThat(out.works)
        .singleElement()
        .satisfies(w -> assertThat(((Work.NewMatch) w).b().id()).isEqualTo("y"));
    assertThat(out.health).as("bob's duplicate is left for the create phase").isEmpty();

    // the create phase looks up every key, and reports the duplicate
    sameSideLookups.clear();
    Matcher.Outcome create =
        matcher.classify(
            Side.A, List.of(contact("x2", "bob@x.io"), contact("x3", "cy@x.io")), true);
    assertThat(sameSideLookups).hasSize(1);
    assertThat(sameSideLookups.get(0)).containsExactlyInAnyOrder("bob@x.io", "cy@x.io");
    assertThat(create.health)
        .singleElement()
        .satisfies(h -> assertThat(h.state()).isEqualTo(HealthState.DUPLICATE))
        .satisfies(h -> assertThat(h.reason()).contains("x0, x2"));
    assertThat(create.works)
        .singleElement()
        .satisfies(w -> assertThat(((Work.Create) w).record().id()).isEqualTo("x3"));
  }

  @Test
  void aScanWithoutCreatesStillReportsADuplicateThatHasACounterpart() {
    gate.countDown();
    indexed(Side.B, "y", "ada@x.io");
    indexed(Side.A, "x0", "ada@x.io");

    Matcher.Outcome out = matcher.classify(Side.A, List.of(contact("x1", "ada@x.io")), false);

    assertThat(out.works).as("nothing matched: two records of A share the key").isEmpty();
    assertThat(out.health)
        .singleElement()
        .satisfies(h -> assertThat(h.state()).isEqualTo(HealthState.DUPLICATE))
        .satisfies(h -> assertThat(h.reason()).contains("x0, x1"));
  }

  @Test
  void memoryStaysBoundedOverManyCommittedPages() {
    gate.countDown();
    SyncKey key = ctx.key;
    for (int page = 0; page < 50; page++) {
      List<IndexEntry> bs = new java.util.ArrayList<>();
      List<Record> as = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String email = "p" + page + "-" + i + "@x.io";
        bs.add(new IndexEntry("b" + page + "-" + i, email, contact("b" + page + "-" + i, email)));
        as.add(contact("a" + page + "-" + i, email));
      }
      store.putIndex(key, Side.B, bs);
      Matcher.Outcome out = matcher.classify(Side.A, as, false);
      assertThat(out.works).hasSize(20);
      link(out);
      behind.flush();
    }
    assertThat(matcher.remembered()).as("only the last page's matches").isEqualTo(40);
  }
}
