package dev.tandem.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.engine.store.IndexEntry;
import dev.tandem.engine.store.Intent;
import dev.tandem.engine.store.Link;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.engine.store.SyncKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initial sync's write-behind over a real SQLite store. A second store on the same file plays
 * "after a crash": it sees only what was committed.
 */
class WriteBehindStoreTest {
  static final SyncKey KEY = new SyncKey("people", ObjectType.CONTACT);

  @TempDir Path dir;
  StateStore store;
  StateStore other;
  WriteBehindStore behind;

  @BeforeEach
  void open() {
    store = StateStores.sqlite(dir.resolve("t.db"));
    other = StateStores.sqlite(dir.resolve("t.db"));
    behind = new WriteBehindStore(store, "test");
  }

  @AfterEach
  void closeAll() {
    try {
      behind.close();
    } catch (RuntimeException ignored) {
      // a test that makes a write fail has already looked at its failure
    }
    other.close();
    store.close();
  }

  static IndexEntry entry(String id, String key, String email) {
    return new IndexEntry(
        id, key, email == null ? null : new Record(id, Map.of("email", email), null, null));
  }

  static Link link(String a, String b) {
    return new Link(a, b, Map.of("email", a + "@x"), "1", "1", Instant.EPOCH);
  }

  @Test
  void writesArriveInOrderAndAreCommittedByFlush() {
    List<IndexEntry> page = new ArrayList<>(List.of(entry("1", "k1", "one@x")));
    behind.putIndex(KEY, Side.B, page);
    // The caller reuses its list: what was queued must not change with it.
    page.clear();
    page.add(entry("2", "k2", "two@x"));
    behind.putIndex(KEY, Side.B, page);
    behind.putIndex(KEY, Side.B, List.of(entry("1", "k1-new", null)));
    behind.putLinks(KEY, List.of(link("a1", "1")));
    behind.flush();

    Map<String, IndexEntry> seen = other.indexById(KEY, Side.B, List.of("1", "2"));
    assertThat(seen.get("1").matchKey()).isEqualTo("k1-new");
    assertThat(seen.get("1").record()).isNull();
    assertThat(seen.get("2").record().get("email")).isEqualTo("two@x");
    assertThat(other.links(KEY, Side.A, List.of("a1"))).containsKey("a1");
  }

  @Test
  void intentsAreCommittedWhenPutIntentsReturns() {
    for (int i = 0; i < 20; i++) {
      behind.putIndex(KEY, Side.A, List.of(entry("a" + i, "k" + i, "p" + i + "@x")));
    }
    behind.putIntents(KEY, List.of(new Intent(Side.B, "a7", "k7", Instant.EPOCH)));

    // Durable now, and so is everything written before it.
    assertThat(other.intents(KEY)).extracting(Intent::sourceId).containsExactly("a7");
    assertThat(other.indexById(KEY, Side.A, List.of("a0", "a19"))).hasSize(2);
  }

  @Test
  void aBlockIsWrittenWholeAndABlockThatThrowsWritesNothing() {
    behind.inTransaction(
        () -> {
          behind.putLinks(KEY, List.of(link("a1", "b1")));
          behind.putIndex(KEY, Side.A, List.of(entry("a1", "k1", null)));
        });
    assertThatThrownBy(
            () ->
                behind.inTransaction(
                    () -> {
                      behind.putLinks(KEY, List.of(link("a2", "b2")));
                      throw new IllegalStateException("the page failed");
                    }))
        .hasMessage("the page failed");
    behind.flush();

    assertThat(other.links(KEY, Side.A, List.of("a1", "a2"))).containsOnlyKeys("a1");
    assertThat(other.indexById(KEY, Side.A, List.of("a1"))).containsKey("a1");
  }

  @Test
  void aFailedWriteFailsTheNextCallWithTheStoresMessageAndNothingAfterItIsWritten() {
    behind.putLinks(KEY, List.of(link("a1", "b1")));
    behind.flush();
    // A null id breaks the table's NOT NULL rule: a real failure of the database.
    behind.putIndex(KEY, Side.A, List.of(entry(null, "k", null)));

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100; i++) {
                behind.putLinks(KEY, List.of(link("late" + i, "b-late" + i)));
              }
              behind.flush();
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("state store: could not store index entries")
        .hasMessageContaining("NOT NULL");
    assertThat(other.links(KEY, Side.A, List.of("a1", "late0", "late99"))).containsOnlyKeys("a1");
  }

  @Test
  void closeCommitsWhatIsQueuedAndLeavesTheStoreOpen() {
    for (int i = 0; i < 50; i++) {
      behind.putLinks(KEY, List.of(link("a" + i, "b" + i)));
    }
    behind.close();

    assertThat(other.countLinks(KEY)).isEqualTo(50);
    store.putLinks(KEY, List.of(link("after", "b-after")));
    assertThat(store.countLinks(KEY)).isEqualTo(51);
    assertThatThrownBy(() -> behind.putLinks(KEY, List.of(link("x", "y"))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeReportsAFailureNobodyHasSeenYet() {
    behind.putIndex(KEY, Side.A, List.of(entry(null, "k", null)));

    assertThatThrownBy(() -> behind.close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NOT NULL");
  }

  @Test
  void aValueReturningBlockReturnsItsValueAndItsWritesLand() {
    String id =
        behind.inTransaction(
            () -> {
              behind.putLinks(KEY, List.of(link("a1", "b1")));
              return "a1";
            });
    behind.flush();

    assertThat(other.links(KEY, Side.A, List.of(id))).containsKey("a1");
  }

  @Test
  void runsAreWrittenStraightAfterWhatWasQueued() {
    behind.putLinks(KEY, List.of(link("a1", "b1")));
    long run =
        behind.startRun(
            new dev.tandem.engine.store.RunRecord(
                0, "people", "initial", Instant.EPOCH, null, "running", Map.of(), Map.of(), null));

    assertThat(run).isPositive();
    assertThat(other.countLinks(KEY)).isEqualTo(1);
    assertThat(other.runs("people", 5)).hasSize(1);
  }
}
