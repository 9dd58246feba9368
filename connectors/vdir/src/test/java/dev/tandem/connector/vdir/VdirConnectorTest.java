package dev.tandem.connector.vdir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ApiMeter;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VdirConnectorTest {
  static final ObjectType C = ObjectType.CONTACT;
  @TempDir Path dir;
  final List<String> calls = new ArrayList<>();
  final ApiMeter meter = calls::add;
  Path book;

  @org.junit.jupiter.api.BeforeEach
  void folder() throws Exception {
    book = Files.createDirectories(dir.resolve("book"));
  }

  VdirConnector open() {
    return (VdirConnector)
        new VdirConnectorFactory()
            .create(
                new AccountConfig(
                    "cards", "vdir", Map.of("path", "book", "create", true, "cache-dir", "cache")),
                new ConnectorContext(meter, Clock.systemUTC(), dir));
  }

  static final String KHARD_CARD =
      String.join(
          "\r\n",
          "BEGIN:VCARD",
          "VERSION:3.0",
          "PRODID:-//khard//EN",
          "UID:khard-1",
          "FN:Ada Lovelace",
          "N:Lovelace;Ada;;;",
          "EMAIL;TYPE=HOME:ada@home.example",
          "PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
          " +M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
          "X-TWITTER;TYPE=work:@ada",
          "item1.URL:https://ada.example",
          "item1.X-ABLABEL:blog",
          "END:VCARD",
          "");

  @Test
  void malformedCardsAreReportedNotSkipped() throws Exception {
    VdirConnector c = open();
    String cursor = c.currentCursor(C);
    Files.writeString(book.resolve("good.vcf"), KHARD_CARD);
    Files.writeString(book.resolve("cut.vcf"), "BEGIN:VCARD\nVERSION:3.0\nFN:Half\n");
    Files.write(
        book.resolve("latin1.vcf"),
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ren\u00e9\nEND:VCARD\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(
        book.resolve("fold.vcf"), "BEGIN:VCARD\nVERSION:3.0\nFN:F\nNOTE:one\ntwo\nEND:VCARD\n");

    Page page = c.scan(C, null);
    assertThat(page.records()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(page.problems())
        .extracting(p -> p.id() + " -> " + p.reason())
        .containsExactlyInAnyOrder(
            "cut.vcf -> malformed vCard in 'cut.vcf': the card is cut short: END:VCARD is missing",
            "latin1.vcf -> malformed vCard in 'latin1.vcf': it is not valid UTF-8 (bad byte near offset 30)",
            "fold.vcf -> malformed vCard in 'fold.vcf': line 5 is not a vCard property (broken line folding?): 'two'");

    Changes changes = c.changes(C, cursor);
    assertThat(changes.changed()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(changes.problems()).hasSize(3);
    Changes full = new VdirConnector(book, meter, 500, null).changes(C, null);
    assertThat(full.complete()).isTrue();
    assertThat(full.problems()).hasSize(3);

    WriteResult r =
        c.write(C, List.of(WriteOp.update("cut.vcf", Map.of("notes", "x"), null))).get(0);
    assertThat(r.error().kind()).isEqualTo(WriteError.Kind.INVALID);
    assertThat(r.error().message()).contains("malformed, so Tandem will not overwrite it");
    assertThat(Files.readString(book.resolve("cut.vcf")))
        .isEqualTo("BEGIN:VCARD\nVERSION:3.0\nFN:Half\n");
  }

  @Test
  void updateKeepsPhotoXPropertiesAndGroups() throws Exception {
    Files.writeString(book.resolve("ada.vcf"), KHARD_CARD);
    VdirConnector c = open();
    Record before = c.read(C, List.of("ada.vcf")).get(0);
    assertThat(before.fields()).containsEntry("website", "https://ada.example");

    WriteResult r =
        c.write(
                C,
                List.of(
                    WriteOp.update("ada.vcf", Map.of("jobTitle", "Countess"), before.version())))
            .get(0);
    assertThat(r.succeeded()).as(String.valueOf(r)).isTrue();
    assertThat(r.version()).isNotEqualTo(before.version());

    List<String> lines = unfolded(Files.readString(book.resolve("ada.vcf")));
    assertThat(lines)
        .contains(
            "UID:khard-1",
            "VERSION:3.0",
            "X-TWITTER;TYPE=work:@ada",
            "item1.URL:https://ada.example",
            "item1.X-ABLABEL:blog",
            "TITLE:Countess")
        .anyMatch(l -> l.startsWith("EMAIL") && l.endsWith(":ada@home.example"))
        .anyMatch(
            l ->
                l.startsWith("PHOTO;")
                    && l.endsWith(
                        ":iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
  }

  @Test
  void staleVersionIsAMismatchAndLeavesTheFile() throws Exception {
    Files.writeString(book.resolve("ada.vcf"), KHARD_CARD);
    VdirConnector c = open();
    WriteResult r =
        c.write(C, List.of(WriteOp.update("ada.vcf", Map.of("notes", "x"), "stale"))).get(0);
    assertThat(r.error().kind()).isEqualTo(WriteError.Kind.VERSION_MISMATCH);
    WriteResult d = c.write(C, List.of(WriteOp.delete("ada.vcf", "stale"))).get(0);
    assertThat(d.error().kind()).isEqualTo(WriteError.Kind.VERSION_MISMATCH);
    assertThat(Files.readString(book.resolve("ada.vcf"))).isEqualTo(KHARD_CARD);
  }

  /** The pages of one scan or one read of changes come from one listing of the folder. */
  @Test
  void pagesOfOneReadShareOneListing() throws Exception {
    for (int i = 0; i < 5; i++) {
      Files.writeString(book.resolve("c" + i + ".vcf"), KHARD_CARD.replace("khard-1", "k" + i));
    }
    VdirConnector c = new VdirConnector(book, calls::add, 2, null);
    List<String> ids = new ArrayList<>();
    String token = null;
    do {
      Page p = c.scan(C, token);
      p.records().forEach(r -> ids.add(r.id()));
      token = p.nextPageToken();
    } while (token != null);
    assertThat(ids).containsExactly("c0.vcf", "c1.vcf", "c2.vcf", "c3.vcf", "c4.vcf");
    assertThat(calls.stream().filter("read dir"::equals)).hasSize(1);

    calls.clear();
    ids.clear();
    String cursor = c.currentCursor(C);
    Files.writeString(book.resolve("c5.vcf"), KHARD_CARD.replace("khard-1", "k5"));
    calls.clear();
    Changes page;
    do {
      page = c.changes(C, cursor);
      page.changed().forEach(r -> ids.add(r.id()));
      cursor = page.nextCursor();
    } while (page.hasMore());
    assertThat(ids).hasSize(6).contains("c5.vcf");
    assertThat(calls.stream().filter("read dir"::equals)).hasSize(1);
    // The next read lists the folder afresh.
    Files.delete(book.resolve("c0.vcf"));
    calls.clear();
    assertThat(c.changes(C, cursor).changed()).extracting(Record::id).doesNotContain("c0.vcf");
    assertThat(calls).contains("read dir");
  }

  @Test
  void unchangedFilesAreNotReadAgain() throws Exception {
    for (int i = 0; i < 5; i++) {
      Files.writeString(book.resolve("c" + i + ".vcf"), KHARD_CARD.replace("khard-1", "k" + i));
    }
    // Without a cache folder, changes list every card.
    VdirConnector c = new VdirConnector(book, meter, 500, null);
    c.scan(C, null);
    assertThat(calls.stream().filter("read file"::equals)).hasSize(5);
    calls.clear();
    Files.writeString(book.resolve("c2.vcf"), KHARD_CARD.replace("Ada", "Eve"));
    Changes changes = c.changes(C, "anything");
    assertThat(changes.complete()).isTrue();
    assertThat(calls).containsExactly("read dir", "read file");
    assertThat(changes.changed()).hasSize(5);
    assertThat(changes.changed())
        .filteredOn(r -> r.id().equals("c2.vcf"))
        .first()
        .extracting(r -> r.get("firstName"))
        .isEqualTo("Eve");
  }

  @Test
  void createsWriteOneCardPerFileAtomically() throws Exception {
    VdirConnector c = open();
    WriteResult r =
        c.write(C, List.of(WriteOp.create(Map.of("email", "new@example.org", "lastName", "New"))))
            .get(0);
    assertThat(r.id()).endsWith(".vcf");
    String text = Files.readString(book.resolve(r.id()));
    assertThat(unfolded(text))
        .contains("VERSION:3.0", "FN:New", "UID:" + r.id().replace(".vcf", ""));
    try (Stream<Path> files = Files.list(book)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(r.id());
    }
  }

  /**
   * Created cards are remembered without parsing them back, or parsed back when their values are
   * not plain text; either way, the cache holds what a fresh read of the files gives.
   */
  @Test
  void createdCardsAreCachedAsAFreshReadSeesThem() throws Exception {
    VdirConnector c = open();
    List<WriteOp> ops =
        List.of(
            WriteOp.create(
                Map.of(
                    "firstName", "Zoë",
                    "lastName", "O'Brien; Jr.",
                    "email", "zoe@example.org",
                    "phone", "+1 555 0100",
                    "company", "A, B \\ C",
                    "birthday", "1990-02-03",
                    "tags", "b;a",
                    "notes", "x".repeat(200) + " 🎉")),
            WriteOp.create(Map.of("lastName", "Two", "notes", "two\r\nlines\u2028and more")),
            WriteOp.create(Map.of("lastName", "Three", "phone", "tel:+1-555-0101")));
    List<WriteResult> results = c.write(C, ops);
    assertThat(results).allMatch(WriteResult::succeeded);
    List<String> ids = results.stream().map(WriteResult::id).toList();
    calls.clear();
    List<Record> cached = c.read(C, ids);
    assertThat(calls).doesNotContain("read file");
    c.close();

    VdirConnector fresh = new VdirConnector(book, meter, 500, null);
    assertThat(cached).hasSize(3).isEqualTo(fresh.read(C, ids));
    assertThat(cached.get(1).get("notes")).isEqualTo("two\nlines\u2028and more");
  }

  @Test
  void missingFolderIsAConfigErrorUnlessCreateIsTrue() {
    ConnectorContext ctx = new ConnectorContext(meter, Clock.systemUTC(), dir);
    assertThatThrownBy(
            () ->
                new VdirConnectorFactory()
                    .create(new AccountConfig("cards", "vdir", Map.of("path", "nope")), ctx))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("app 'cards' (vdir): folder " + dir.resolve("nope"))
        .hasMessageContaining("does not exist; create it or set 'create: true'");
    new VdirConnectorFactory()
        .create(new AccountConfig("cards", "vdir", Map.of("path", "nope", "create", true)), ctx);
    assertThat(dir.resolve("nope")).isDirectory();
    assertThatThrownBy(
            () ->
                new VdirConnectorFactory()
                    .create(
                        new AccountConfig("cards", "vdir", Map.of("path", ".", "colour", "red")),
                        ctx))
        .hasMessageContaining("unknown key 'colour'");
  }

  @Test
  void theNextRunReadsOnlyFilesThatChanged() throws Exception {
    for (int i = 0; i < 5; i++) {
      Files.writeString(book.resolve("c" + i + ".vcf"), KHARD_CARD.replace("khard-1", "k" + i));
    }
    Files.writeString(book.resolve("cut.vcf"), "BEGIN:VCARD\nVERSION:3.0\nFN:Half\n");
    try (VdirConnector first = open()) {
      assertThat(first.scan(C, null).records()).hasSize(5);
    }
    assertThat(dir.resolve("cache")).isDirectoryContaining(p -> p.toString().endsWith(".cache"));
    Files.writeString(book.resolve("c3.vcf"), KHARD_CARD.replace("Ada", "Eve"));
    Files.delete(book.resolve("c4.vcf"));
    calls.clear();

    VdirConnector second = open();
    Page page = second.scan(C, null);
    assertThat(calls)
        .as("only the changed file and the malformed one are read")
        .containsExactlyInAnyOrder("read dir", "read file", "read file");
    assertThat(page.records())
        .extracting(Record::id)
        .containsExactly("c0.vcf", "c1.vcf", "c2.vcf", "c3.vcf");
    assertThat(page.records().get(3).get("firstName")).isEqualTo("Eve");
    assertThat(page.records().get(0).fields()).containsEntry("email", "ada@home.example");
    assertThat(page.records().get(0).version())
        .isEqualTo(VdirConnector.hash(Files.readAllBytes(book.resolve("c0.vcf"))));
    assertThat(page.problems()).extracting(p -> p.id()).containsExactly("cut.vcf");
    second.close();
  }

  @Test
  void withACacheFolderChangesReportOnlyWhatChangedSinceTheCursor() throws Exception {
    for (int i = 0; i < 5; i++) {
      Files.writeString(book.resolve("c" + i + ".vcf"), KHARD_CARD.replace("khard-1", "k" + i));
    }
    String cursor;
    try (VdirConnector first = open()) {
      assertThat(first.capabilities().changes())
          .isEqualTo(dev.tandem.core.spi.Capabilities.ChangeMode.TOKEN);
      assertThat(first.capabilities().reportsDeletions()).isTrue();
      cursor = first.currentCursor(C);
      first.scan(C, null);
    }
    calls.clear();

    // A later run (a new connector) with nothing changed: no card is read, the cursor stays.
    VdirConnector c = open();
    Changes none = c.changes(C, cursor);
    assertThat(none.changed()).isEmpty();
    assertThat(none.deleted()).isEmpty();
    assertThat(none.complete()).isFalse();
    assertThat(none.nextCursor()).isEqualTo(cursor);
    assertThat(calls).containsExactly("read dir");

    Files.writeString(book.resolve("c2.vcf"), KHARD_CARD.replace("Ada", "Eve"));
    Files.delete(book.resolve("c4.vcf"));
    Files.writeString(book.resolve("c9.vcf"), KHARD_CARD.replace("khard-1", "k9"));
    Changes some = c.changes(C, cursor);
    assertThat(some.changed()).extracting(Record::id).containsExactly("c2.vcf", "c9.vcf");
    assertThat(some.changed().get(0).get("firstName")).isEqualTo("Eve");
    assertThat(some.deleted()).containsExactly("c4.vcf");
    assertThat(some.nextCursor()).isNotEqualTo(cursor);
    // The same cursor reads the same changes again (a run that did not finish is read again) …
    assertThat(c.changes(C, cursor).changed()).extracting(Record::id).hasSize(2);
    // … and the next one reads none of them.
    Changes after = c.changes(C, some.nextCursor());
    assertThat(after.changed()).isEmpty();
    assertThat(after.deleted()).isEmpty();
    c.close();
  }

  @Test
  void anEditRightAfterTandemsOwnWriteIsReported() throws Exception {
    Files.writeString(book.resolve("c1.vcf"), KHARD_CARD);
    VdirConnector c = open();
    String cursor = c.currentCursor(C);
    String version = c.scan(C, null).records().get(0).version();

    // Tandem's own write is reported once (the engine tells it from an edit by its content) …
    WriteResult own =
        c.write(C, List.of(WriteOp.update("c1.vcf", Map.of("notes", "From Tandem"), version)))
            .get(0);
    assertThat(own.succeeded()).isTrue();
    Changes echo = c.changes(C, cursor);
    assertThat(echo.changed()).extracting(r -> r.get("notes")).containsExactly("From Tandem");
    cursor = echo.nextCursor();
    assertThat(c.changes(C, cursor).changed()).isEmpty();

    // … and someone's edit made right after it, in place, is reported too.
    c.write(C, List.of(WriteOp.update("c1.vcf", Map.of("notes", "Again from Tandem"), null)));
    String text = Files.readString(book.resolve("c1.vcf"));
    Files.writeString(book.resolve("c1.vcf"), text.replace("Again from Tandem", "By hand"));
    Changes edit = c.changes(C, cursor);
    assertThat(edit.changed()).extracting(r -> r.get("notes")).containsExactly("By hand");
    c.close();

    // The same holds for the next run, which knows the listing only from the cache folder.
    String next = edit.nextCursor();
    c = open();
    Files.writeString(
        book.resolve("c1.vcf"), Files.readString(book.resolve("c1.vcf")).replace("By", "Still by"));
    assertThat(c.changes(C, next).changed())
        .extracting(r -> r.get("notes"))
        .containsExactly("Still by hand");
    c.close();
  }

  @Test
  void aCursorWhoseListingIsGoneExpires() throws Exception {
    Files.writeString(book.resolve("c1.vcf"), KHARD_CARD);
    String cursor;
    try (VdirConnector c = open()) {
      cursor = c.currentCursor(C);
    }
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".cursors")).toList()) {
        Files.delete(p);
      }
    }
    VdirConnector c = open();
    String expired = cursor;
    assertThatThrownBy(() -> c.changes(C, expired))
        .isInstanceOf(dev.tandem.core.spi.CursorExpiredException.class)
        .hasMessageContaining("vdir folder " + book)
        .hasMessageContaining(".cursors");
    // A cursor of the earlier versions (a fingerprint of the whole folder) expires too.
    assertThatThrownBy(() -> c.changes(C, "vdir:1:0123456789abcdef"))
        .isInstanceOf(dev.tandem.core.spi.CursorExpiredException.class)
        .hasMessageContaining("is not a cursor of this version");
    c.close();
  }

  static List<String> unfolded(String text) {
    return List.of(text.replaceAll("\r?\n[ \t]", "").split("\r?\n"));
  }
}
