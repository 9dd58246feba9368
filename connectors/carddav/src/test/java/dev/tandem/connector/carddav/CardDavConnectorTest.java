package dev.tandem.connector.carddav;

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
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CardDAV behaviour beyond the contract kit, against a real Radicale. */
class CardDavConnectorTest {
  static final ObjectType C = ObjectType.CONTACT;
  static Radicale radicale;
  static URI personal;
  static URI work;
  static int books;
  final List<String> calls = new ArrayList<>();

  static final String PHOTO =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

  static final String V3_CARD =
      String.join(
          "\r\n",
          "BEGIN:VCARD",
          "VERSION:3.0",
          "UID:ada-1",
          "FN:Ada Lovelace",
          "N:Lovelace;Ada;;;",
          "EMAIL;TYPE=INTERNET:ada@example.org",
          "EMAIL;TYPE=INTERNET,HOME:ada@home.example",
          "PHOTO;ENCODING=b;TYPE=PNG:" + PHOTO,
          "X-MANAGER;X-SOURCE=crm:Charles Babbage",
          "item1.TEL:+44 20 0000 0001",
          "item1.X-ABLABEL:Lab",
          "END:VCARD",
          "");

  static final String V4_CARD =
      String.join(
          "\r\n",
          "BEGIN:VCARD",
          "VERSION:4.0",
          "UID:urn:uuid:grace-1",
          "FN:Grace Hopper",
          "N:Hopper;Grace;;;",
          "EMAIL;PREF=1:grace@navy.example",
          "TEL;TYPE=cell;VALUE=uri:tel:+1-555-0199",
          "BDAY:19061209",
          "KIND:individual",
          "END:VCARD",
          "");

  @BeforeAll
  static void start() throws Exception {
    radicale = Radicale.start();
    personal = radicale.createBook("personal", "Personal");
    work = radicale.createBook("work", "Work");
  }

  @AfterAll
  static void stop() throws Exception {
    if (radicale != null) {
      radicale.close();
    }
  }

  Connector open(String url, String addressbook, String password) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("url", url);
    s.put("username", Radicale.USER);
    s.put("password", password);
    if (addressbook != null) {
      s.put("addressbook", addressbook);
    }
    return new CardDavConnectorFactory()
        .create(
            new AccountConfig("dav", "carddav", s),
            new ConnectorContext(calls::add, Clock.systemUTC(), Path.of(".")));
  }

  Connector freshBook() throws Exception {
    String name = "t" + (books++);
    return open(radicale.createBook(name, "T " + name).toString(), null, Radicale.PASSWORD);
  }

  @Test
  void discoveryFindsTheAddressBookByNameOrPath() throws Exception {
    Connector byName = open(radicale.root().toString(), "Work", Radicale.PASSWORD);
    Connector byPath = open(radicale.root().toString(), "personal", Radicale.PASSWORD);
    WriteResult r =
        byName.write(C, List.of(WriteOp.create(Map.of("email", "w@work.example")))).get(0);
    assertThat(r.succeeded()).as(String.valueOf(r)).isTrue();
    assertThat(radicale.get(work, r.id()).statusCode()).isEqualTo(200);
    assertThat(radicale.get(personal, r.id()).statusCode()).isEqualTo(404);
    assertThat(byPath.read(C, List.of(r.id()))).isEmpty();
    assertThat(calls).contains("PROPFIND discovery", "PROPFIND principal", "PROPFIND addressbooks");
  }

  @Test
  void severalAddressBooksWithoutAChoiceIsAClearError() {
    Connector c = open(radicale.root().toString(), null, Radicale.PASSWORD);
    assertThatThrownBy(() -> c.scan(C, null))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("address books (")
        .hasMessageContaining("'Work' at /alice/work/")
        .hasMessageContaining("choose one with 'addressbook:'");
    Connector wrong = open(radicale.root().toString(), "Holiday", Radicale.PASSWORD);
    assertThatThrownBy(() -> wrong.scan(C, null))
        .hasMessageContaining("has no address book named 'Holiday'");
  }

  @Test
  void wrongPasswordIsNamed() {
    Connector c = open(personal.toString(), null, "guess");
    assertThatThrownBy(() -> c.scan(C, null))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("CardDAV server rejected the username or password")
        .matches(e -> !((ConnectorException) e).isTransient());
  }

  @Test
  void unreachableServerIsTransientAndNamed() {
    Connector c = open("http://127.0.0.1:9/", null, Radicale.PASSWORD);
    assertThatThrownBy(() -> c.scan(C, null))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("cannot reach the CardDAV server at http://127.0.0.1:9")
        .matches(e -> ((ConnectorException) e).isTransient());
  }

  @Test
  void badSettingsAreConfigErrors() {
    assertThatThrownBy(() -> open("ftp://x/", null, "p"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'url' must be an http:// or https:// URL");
    assertThatThrownBy(
            () ->
                new CardDavConnectorFactory()
                    .create(
                        new AccountConfig("dav", "carddav", Map.of("url", "https://x/")),
                        ConnectorContext.defaults()))
        .hasMessageContaining("missing 'username'");
  }

  @Test
  void refusedSyncTokenExpiresTheCursor() throws Exception {
    Connector c = freshBook();
    assertThat(c.currentCursor(C)).startsWith("sync:http://radicale.org/ns/sync/");
    assertThatThrownBy(() -> c.changes(C, "sync:http://radicale.org/ns/sync/bogus"))
        .isInstanceOf(CursorExpiredException.class)
        .hasMessageContaining("no longer accepts the sync token");
  }

  /** The initial scan's sync answer carries the cursor: no request asks for it separately. */
  @Test
  void theScanYieldsTheCursorThatResumesAfterIt() throws Exception {
    Connector c = freshBook();
    assertThat(c.scanYieldsCursor()).isTrue();
    URI book = ((CardDavConnector) c).bookUri();
    radicale.putRaw(book, "ada.vcf", V3_CARD);
    calls.clear();
    Page page = c.scan(C, null);
    assertThat(page.nextPageToken()).isNull();
    assertThat(page.records()).extracting(Record::id).containsExactly("ada.vcf");
    assertThat(page.cursor()).startsWith("sync:http://radicale.org/ns/sync/");
    assertThat(calls).containsExactly("REPORT sync-collection");

    radicale.putRaw(book, "grace.vcf", V4_CARD);
    Changes changes = c.changes(C, page.cursor());
    assertThat(changes.changed()).extracting(Record::id).containsExactly("grace.vcf");
    assertThat(changes.deleted()).isEmpty();
  }

  @Test
  void changesFromOtherClientsAreSeenIncludingDeletions() throws Exception {
    Connector c = freshBook();
    URI book = ((CardDavConnector) c).bookUri();
    radicale.putRaw(book, "ada.vcf", V3_CARD);
    String cursor = c.currentCursor(C);
    radicale.putRaw(book, "grace.vcf", V4_CARD);
    radicale.request("DELETE", book.resolve("ada.vcf"), null, null);

    calls.clear();
    Changes changes = c.changes(C, cursor);
    assertThat(changes.changed()).extracting(Record::id).containsExactly("grace.vcf");
    assertThat(changes.deleted()).containsExactly("ada.vcf");
    assertThat(changes.complete()).isFalse();
    assertThat(calls)
        .as("the cards come with the sync answer")
        .containsExactly("REPORT sync-collection");

    Changes none = c.changes(C, changes.nextCursor());
    assertThat(none.changed()).isEmpty();
    assertThat(none.deleted()).isEmpty();
  }

  @Test
  void readsVCard3And4() throws Exception {
    Connector c = freshBook();
    URI book = ((CardDavConnector) c).bookUri();
    radicale.putRaw(book, "ada.vcf", V3_CARD);
    radicale.putRaw(book, "grace.vcf", V4_CARD);
    Map<String, Record> byId = new LinkedHashMap<>();
    c.scan(C, null).records().forEach(r -> byId.put(r.id(), r));
    assertThat(byId.get("ada.vcf").fields())
        .containsEntry("email", "ada@example.org")
        .containsEntry("phone", "+44 20 0000 0001")
        .containsEntry("fullName", "Ada Lovelace");
    assertThat(byId.get("grace.vcf").fields())
        .containsEntry("email", "grace@navy.example")
        .containsEntry("mobilePhone", "+1-555-0199")
        .containsEntry("birthday", "1906-12-09");
    assertThat(byId.get("grace.vcf").version()).startsWith("\"");
  }

  @Test
  void updateKeepsPhotoXPropertyGroupsAndVersion() throws Exception {
    Connector c = freshBook();
    URI book = ((CardDavConnector) c).bookUri();
    radicale.putRaw(book, "ada.vcf", V3_CARD);
    radicale.putRaw(book, "grace.vcf", V4_CARD);
    Record ada = c.read(C, List.of("ada.vcf")).get(0);

    List<WriteResult> results =
        c.write(
            C,
            List.of(
                WriteOp.update(
                    "ada.vcf",
                    Map.of("jobTitle", "Countess", "email", "ada@new.example"),
                    ada.version()),
                WriteOp.update("grace.vcf", Map.of("notes", "Admiral"), null)));
    assertThat(results).allMatch(WriteResult::succeeded, "all succeed: " + results);
    assertThat(results.get(0).version()).isNotEqualTo(ada.version());

    List<String> adaLines = unfolded(radicale.get(book, "ada.vcf").body());
    assertThat(adaLines)
        .contains(
            "VERSION:3.0",
            "UID:ada-1",
            "X-MANAGER;X-SOURCE=crm:Charles Babbage",
            "item1.TEL:+44 20 0000 0001",
            "item1.X-ABLABEL:Lab",
            "TITLE:Countess")
        .anyMatch(l -> l.startsWith("PHOTO;") && l.endsWith(":" + PHOTO))
        .anyMatch(l -> l.startsWith("EMAIL") && l.endsWith(":ada@new.example"))
        .anyMatch(l -> l.startsWith("EMAIL") && l.endsWith(":ada@home.example"));

    List<String> graceLines = unfolded(radicale.get(book, "grace.vcf").body());
    assertThat(graceLines)
        .contains(
            "VERSION:4.0",
            "UID:urn:uuid:grace-1",
            "KIND:individual",
            "NOTE:Admiral",
            "BDAY:19061209");
  }

  @Test
  void staleVersionsAreMismatchesNotOverwrites() throws Exception {
    Connector c = freshBook();
    URI book = ((CardDavConnector) c).bookUri();
    radicale.putRaw(book, "ada.vcf", V3_CARD);
    Record seen = c.read(C, List.of("ada.vcf")).get(0);
    radicale.putRaw(book, "ada.vcf", V3_CARD.replace("FN:Ada Lovelace", "FN:Ada King"));

    List<WriteResult> results =
        c.write(
            C,
            List.of(
                WriteOp.update("ada.vcf", Map.of("notes", "mine"), seen.version()),
                WriteOp.delete("ada.vcf", seen.version())));
    assertThat(results.get(0).error().kind()).isEqualTo(WriteError.Kind.VERSION_MISMATCH);
    assertThat(results.get(1).error().kind())
        .as("the server's 412 on DELETE If-Match")
        .isEqualTo(WriteError.Kind.VERSION_MISMATCH);
    assertThat(radicale.get(book, "ada.vcf").body()).contains("FN:Ada King").doesNotContain("mine");
  }

  static List<String> unfolded(String text) {
    return List.of(text.replaceAll("\r?\n[ \t]", "").split("\r?\n"));
  }
}
