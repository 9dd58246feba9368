package dev.tandem.connector.memory;

import static dev.tandem.core.model.ObjectType.COMPANY;
import static dev.tandem.core.model.ObjectType.CONTACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.Record;
import dev.tandem.core.spi.ApiMeter;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryAppTest {
  private final Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
  private final MemoryApp app = new MemoryApp("test", Clock.fixed(t0, ZoneOffset.UTC));
  private final MemoryConnector connector = new MemoryConnector(app, ApiMeter.NONE, 3, 10);

  @Test
  void putEditDeleteAndGet() {
    String id = app.put(CONTACT, Map.of("email", "a@x.io", "firstName", "Ann", "notes", " "));
    Record r = app.get(CONTACT, id);
    assertThat(r.fields())
        .containsOnly(Map.entry("email", "a@x.io"), Map.entry("firstName", "Ann"));
    assertThat(r.version()).isEqualTo("1");
    assertThat(r.modified()).isEqualTo(t0);
    long seq = app.sequence();

    app.useClock(Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC));
    app.edit(CONTACT, id, Map.of("firstName", "", "lastName", "Lee"));
    Record edited = app.get(CONTACT, id);
    assertThat(edited.fields())
        .containsOnly(Map.entry("email", "a@x.io"), Map.entry("lastName", "Lee"));
    assertThat(edited.version()).isEqualTo("2");
    assertThat(edited.modified()).isEqualTo(t0.plusSeconds(60));
    assertThat(app.sequence()).isEqualTo(seq + 1);

    assertThat(app.size(CONTACT)).isEqualTo(1);
    assertThat(app.size(COMPANY)).isZero();
    assertThat(app.delete(CONTACT, id)).isTrue();
    assertThat(app.delete(CONTACT, id)).isFalse();
    assertThat(app.get(CONTACT, id)).isNull();
    assertThat(app.all(CONTACT)).isEmpty();
    assertThatThrownBy(() -> app.edit(CONTACT, id, Map.of("lastName", "X")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(id);
  }

  @Test
  void callerChosenIdsCoexistWithGeneratedOnes() {
    app.put(CONTACT, "3", Map.of("firstName", "Chosen three"));
    app.put(CONTACT, "abc", Map.of("firstName", "Chosen abc"));
    String first = app.put(CONTACT, Map.of("firstName", "Generated"));
    String second = app.put(CONTACT, Map.of("firstName", "Generated again"));
    String third = app.put(CONTACT, Map.of("firstName", "Generated thrice"));

    List<String> ids = app.all(CONTACT).stream().map(Record::id).toList();
    assertThat(ids).doesNotHaveDuplicates().hasSize(5).contains("3", "abc", first, second, third);
    assertThat(app.get(CONTACT, "3").get("firstName")).isEqualTo("Chosen three");
    assertThat(first).isEqualTo("3x");
    assertThat(app.get(CONTACT, "2")).as("slot 2 holds abc").isNull();
    assertThat(app.get(CONTACT, "abc").get("firstName")).isEqualTo("Chosen abc");
    assertThat(app.get(CONTACT, third).get("firstName")).isEqualTo("Generated thrice");

    app.put(CONTACT, "abc", Map.of("lastName", "Replaced"));
    assertThat(app.get(CONTACT, "abc").fields()).containsOnly(Map.entry("lastName", "Replaced"));
    assertThat(app.get(CONTACT, "abc").version()).isEqualTo("2");
    assertThat(app.get(CONTACT, "nope")).isNull();
    assertThat(app.get(CONTACT, "0")).isNull();
    assertThat(app.get(CONTACT, "99")).isNull();
  }

  @Test
  void changesReportEditsAndTombstonesOnceEach() {
    String a = app.put(CONTACT, Map.of("email", "a@x.io"));
    String b = app.put(CONTACT, Map.of("email", "b@x.io"));
    String cursor = connector.currentCursor(CONTACT);

    app.edit(CONTACT, a, Map.of("firstName", "One"));
    app.edit(CONTACT, a, Map.of("firstName", "Two"));
    app.delete(CONTACT, b);
    app.put(COMPANY, Map.of("name", "Other type"));

    Changes changes = connector.changes(CONTACT, cursor);
    assertThat(changes.changed()).extracting(Record::id).containsExactly(a);
    assertThat(changes.changed().get(0).get("firstName")).isEqualTo("Two");
    assertThat(changes.deleted()).containsExactly(b);
    assertThat(changes.hasMore()).isFalse();
    assertThat(changes.complete()).isFalse();

    Changes none = connector.changes(CONTACT, changes.nextCursor());
    assertThat(none.changed()).isEmpty();
    assertThat(none.deleted()).isEmpty();
    assertThat(none.nextCursor()).isEqualTo(Long.toString(app.sequence()));
  }

  @Test
  void changesPageAtThePageSize() {
    String cursor = connector.currentCursor(CONTACT);
    for (int i = 0; i < 7; i++) {
      app.put(CONTACT, Map.of("email", i + "@x.io"));
    }
    List<Integer> sizes = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    Changes page;
    do {
      page = connector.changes(CONTACT, cursor);
      sizes.add(page.changed().size());
      page.changed().forEach(r -> seen.add(r.id()));
      cursor = page.nextCursor();
    } while (page.hasMore());
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(seen).doesNotHaveDuplicates().hasSize(7);
  }

  @Test
  void bulkLoadKeepsScanOrderAndIds() {
    String first = app.load(CONTACT, 10_000, i -> Map.of("email", "p" + i + "@x.io", "city", "C"));
    assertThat(first).isEqualTo("1");
    assertThat(app.size(CONTACT)).isEqualTo(10_000);
    assertThat(app.get(CONTACT, "10000").get("email")).isEqualTo("p9999@x.io");
    Page page = connector.scan(CONTACT, null);
    assertThat(page.records()).extracting(Record::id).containsExactly("1", "2", "3");
    assertThat(page.nextPageToken()).isNotNull();
    assertThat(connector.find(CONTACT, "email", List.of("P4711@X.IO")))
        .extracting(Record::id)
        .containsExactly("4712");
  }

  @Test
  void scanSkipsDeletedRecordsAndEndsWithNullToken() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(app.put(CONTACT, Map.of("email", i + "@x.io")));
    }
    app.delete(CONTACT, ids.get(1));
    app.delete(CONTACT, ids.get(4));
    Page page = connector.scan(CONTACT, null);
    assertThat(page.records()).extracting(Record::id).containsExactly("1", "3", "4");
    assertThat(page.nextPageToken()).as("only tombstones remain").isNull();
    assertThatThrownBy(() -> connector.scan(CONTACT, "garbage"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("garbage");
  }

  @Test
  void uniqueEmailsAnswerAlreadyExistsWithTheExistingId() {
    String existing = app.put(CONTACT, Map.of("email", "Ann@X.io"));
    String other = app.put(CONTACT, Map.of("email", "bob@x.io"));
    app.enforceUniqueEmails(true);

    List<WriteResult> results =
        connector.write(
            CONTACT,
            List.of(
                WriteOp.create(Map.of("email", "ann@x.io ")),
                WriteOp.create(Map.of("email", "new@x.io")),
                WriteOp.create(Map.of("email", "NEW@x.io")),
                WriteOp.update(other, Map.of("email", "ANN@x.io"), null)));
    assertThat(results.get(0).error().kind()).isEqualTo(WriteError.Kind.ALREADY_EXISTS);
    assertThat(results.get(0).error().existingId()).isEqualTo(existing);
    assertThat(results.get(1).succeeded()).isTrue();
    assertThat(results.get(2).error().existingId()).isEqualTo(results.get(1).id());
    assertThat(results.get(3).error().kind()).isEqualTo(WriteError.Kind.INVALID);
    assertThat(results.get(3).error().message()).contains("ANN@x.io", existing);
    assertThat(app.size(CONTACT)).isEqualTo(3);

    app.delete(CONTACT, existing);
    assertThat(connector.write(CONTACT, List.of(WriteOp.create(Map.of("email", "ann@x.io")))))
        .allMatch(WriteResult::succeeded);
  }

  @Test
  void ifMatchDetectsConcurrentChanges() {
    String id = app.put(CONTACT, Map.of("email", "a@x.io"));
    app.edit(CONTACT, id, Map.of("firstName", "Edited in the app"));
    List<WriteResult> results =
        connector.write(
            CONTACT,
            List.of(
                WriteOp.update(id, Map.of("firstName", "Stale"), "1"),
                WriteOp.delete(id, "1"),
                WriteOp.update(id, Map.of("firstName", "Fresh"), "2")));
    assertThat(results.get(0).error().kind()).isEqualTo(WriteError.Kind.VERSION_MISMATCH);
    assertThat(results.get(1).error().kind()).isEqualTo(WriteError.Kind.VERSION_MISMATCH);
    assertThat(results.get(2)).isEqualTo(WriteResult.ok(id, "3"));
    assertThat(app.get(CONTACT, id).get("firstName")).isEqualTo("Fresh");
  }

  @Test
  void oversizedBatchesAreRefused() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      ids.add(Integer.toString(i));
    }
    assertThatThrownBy(() -> connector.read(CONTACT, ids))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("exceeds the batch size 10");
  }

  @Test
  void unknownFieldsAreKeptAndListedWithoutCanonicalName() {
    app.put(CONTACT, Map.of("email", "a@x.io", "shoeSize", "44"));
    assertThat(connector.schema(CONTACT).field("shoeSize"))
        .hasValueSatisfying(f -> assertThat(f.canonical()).isNull());
    assertThat(connector.schema(CONTACT).field("email"))
        .hasValueSatisfying(f -> assertThat(f.canonical()).isEqualTo("email"));
    assertThat(connector.schema(CONTACT).field("companyRef"))
        .hasValueSatisfying(f -> assertThat(f.type().name()).isEqualTo("REFERENCE"));
  }

  @Test
  void namedAppsAreSharedUntilForgotten() {
    MemoryApp one = MemoryApp.named("shared-test");
    assertThat(MemoryApp.named("shared-test")).isSameAs(one);
    MemoryApp.forget("shared-test");
    assertThat(MemoryApp.named("shared-test")).isNotSameAs(one);
    MemoryApp.forget("shared-test");
  }

  @Test
  void packedValuesRoundTripEveryKindOfCharacter() {
    Map<String, String> fields = new HashMap<>();
    fields.put("a", "plain");
    fields.put("b", "Zoë Ågren");
    fields.put("c", "李小龙 🎉👍🏽");
    fields.put("d", "x".repeat(300));
    fields.put("e", "lone \uD800 surrogate");
    String id = app.put(CONTACT, fields);
    Record r = app.get(CONTACT, id);
    assertThat(r.get("a")).isEqualTo("plain");
    assertThat(r.get("b")).isEqualTo("Zoë Ågren");
    assertThat(r.get("c")).isEqualTo("李小龙 🎉👍🏽");
    assertThat(r.get("d")).hasSize(300);
    assertThat(r.get("e")).isEqualTo("lone \uFFFD surrogate");
  }

  @Test
  void expiredCursorsAreRefused() {
    String old = connector.currentCursor(CONTACT);
    app.put(CONTACT, Map.of("email", "a@x.io"));
    app.faults().expireCursorsBefore(app.sequence());
    assertThatThrownBy(() -> connector.changes(CONTACT, old))
        .isInstanceOf(CursorExpiredException.class)
        .hasMessageContaining("expired");
    assertThat(connector.changes(CONTACT, connector.currentCursor(CONTACT)).changed()).isEmpty();
    assertThatThrownBy(() -> connector.changes(CONTACT, "not-a-cursor"))
        .isInstanceOf(CursorExpiredException.class);
  }
}
