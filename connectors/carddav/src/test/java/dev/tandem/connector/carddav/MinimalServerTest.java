package dev.tandem.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.Page;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A CardDAV server as minimal as RFC 6352 allows: no sync-collection, no sync-token, and holding a
 * card other clients stored malformed (Radicale validates cards on upload, so it cannot hold one).
 * Served from canned answers by the JDK's own HTTP server.
 */
class MinimalServerTest {
  static final String GOOD =
      "BEGIN:VCARD\nVERSION:3.0\nUID:good\nFN:Good Card\nEMAIL:good@example.org\nEND:VCARD\n";
  static final String BAD = "BEGIN:VCARD\nVERSION:3.0\nUID:bad\nFN:Cut short\n";

  HttpServer server;

  /** Whether sync-collection is answered, with ETags only (as some servers do). */
  boolean syncWithoutData;

  /** Whether the sync answer says it was cut short (507 on the collection). */
  boolean truncate;

  /** When positive, sync-collection answers with this many cards (and the malformed one). */
  int manyCards;

  final List<String> requests = new ArrayList<>();
  final List<String> calls = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/book/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String depth = ex.getRequestHeaders().getFirst("Depth");
    String method = ex.getRequestMethod();
    requests.add(method + " " + depth + (body.contains("multiget") ? " multiget" : ""));
    String answer;
    if (method.equals("PROPFIND") && "0".equals(depth)) {
      answer =
          response("/book/", "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>");
    } else if (method.equals("PROPFIND")) {
      answer =
          response("/book/", "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>")
              + response("/book/good.vcf", "<d:getetag>\"g1\"</d:getetag><d:resourcetype/>")
              + response("/book/bad.vcf", "<d:getetag>\"b1\"</d:getetag><d:resourcetype/>");
    } else if (method.equals("REPORT") && body.contains("sync-collection") && manyCards > 0) {
      StringBuilder cards =
          new StringBuilder("<d:sync-token>http://example.org/sync/9</d:sync-token>");
      for (int i = 0; i < manyCards; i++) {
        String name = String.format("c%04d", i);
        cards.append(
            response(
                "/book/" + name + ".vcf",
                "<d:getetag>\""
                    + name
                    + "\"</d:getetag><c:address-data>"
                    + GOOD.replace("good", name)
                        .replace("Good Card", "Card " + i)
                        .replace("END:VCARD", "TEL:+1 555 " + i + "\nEND:VCARD")
                    + "</c:address-data>"));
      }
      cards.append(
          response(
              "/book/bad.vcf",
              "<d:getetag>\"b1\"</d:getetag><c:address-data>" + BAD + "</c:address-data>"));
      answer = cards.toString();
    } else if (method.equals("REPORT") && body.contains("sync-collection") && syncWithoutData) {
      answer =
          "<d:sync-token>http://example.org/sync/2</d:sync-token>"
              + response("/book/good.vcf", "<d:getetag>\"g1\"</d:getetag>")
              + (truncate
                  ? "<d:response><d:href>/book/</d:href>"
                      + "<d:status>HTTP/1.1 507 Insufficient Storage</d:status></d:response>"
                  : "");
    } else if (method.equals("REPORT") && body.contains("sync-collection")) {
      ex.sendResponseHeaders(501, -1);
      ex.close();
      return;
    } else if (method.equals("REPORT")) {
      answer = "";
      if (body.contains("/book/good.vcf")) {
        answer +=
            response(
                "/book/good.vcf",
                "<d:getetag>\"g1\"</d:getetag><c:address-data>" + GOOD + "</c:address-data>");
      }
      if (body.contains("/book/bad.vcf")) {
        answer +=
            response(
                "/book/bad.vcf",
                "<d:getetag>\"b1\"</d:getetag><c:address-data>" + BAD + "</c:address-data>");
      }
    } else {
      ex.sendResponseHeaders(405, -1);
      ex.close();
      return;
    }
    byte[] bytes =
        ("<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\">"
                + answer
                + "</d:multistatus>")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/xml; charset=utf-8");
    ex.sendResponseHeaders(207, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static String response(String href, String props) {
    return "<d:response><d:href>"
        + href
        + "</d:href><d:propstat><d:prop>"
        + props
        + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>";
  }

  Connector open() {
    return new CardDavConnectorFactory()
        .create(
            new AccountConfig(
                "dav",
                "carddav",
                Map.of(
                    "url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/book/",
                    "username",
                    "u",
                    "password",
                    "p")),
            new ConnectorContext(calls::add, Clock.systemUTC(), Path.of(".")));
  }

  @Test
  void malformedCardIsReportedAndTheRestSyncs() {
    Connector c = open();
    Page page = c.scan(ObjectType.CONTACT, null);
    assertThat(page.records()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(page.problems()).hasSize(1);
    assertThat(page.problems().get(0).id()).isEqualTo("bad.vcf");
    assertThat(page.problems().get(0).reason())
        .isEqualTo("malformed vCard 'bad.vcf': the card is cut short: END:VCARD is missing");
  }

  @Test
  void withoutSyncSupportChangesListEveryCardAndReadOnlyChangedOnes() {
    Connector c = open();
    String cursor = c.currentCursor(ObjectType.CONTACT);
    assertThat(cursor).isEqualTo("listing");

    Changes first = c.changes(ObjectType.CONTACT, cursor);
    assertThat(first.complete()).isTrue();
    assertThat(first.changed()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(first.problems()).extracting(p -> p.id()).containsExactly("bad.vcf");

    calls.clear();
    Changes again = c.changes(ObjectType.CONTACT, first.nextCursor());
    assertThat(again.changed()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(again.problems()).hasSize(1);
    assertThat(calls).as("unchanged ETags are not read again").containsExactly("PROPFIND getetag");
  }

  @Test
  void cardsTheSyncAnswerLeavesOutAreReadWithMultiget() {
    syncWithoutData = true;
    Connector c = open();
    Changes changes = c.changes(ObjectType.CONTACT, "sync:http://example.org/sync/1");
    assertThat(changes.changed()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(changes.changed().get(0).get("email")).isEqualTo("good@example.org");
    assertThat(changes.nextCursor()).isEqualTo("sync:http://example.org/sync/2");
    assertThat(changes.complete()).isFalse();
    assertThat(calls)
        .containsExactly(
            "PROPFIND discovery", "REPORT sync-collection", "REPORT addressbook-multiget");
  }

  /**
   * Without sync-collection, the scan asks for the sync token before it lists (so that what changes
   * meanwhile is read next time) and yields it: here there is none, so a listing it is.
   */
  @Test
  void withoutSyncSupportTheScanYieldsTheListingCursor() {
    Connector c = open();
    Page page = c.scan(ObjectType.CONTACT, null);
    assertThat(page.records()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(page.cursor()).isEqualTo("listing");
    assertThat(calls)
        .containsExactly(
            "PROPFIND discovery",
            "REPORT sync-collection",
            "PROPFIND sync-token",
            "PROPFIND getetag",
            "REPORT addressbook-multiget");
  }

  /** A sync answer cut short cannot serve as the listing: the scan lists, the token asked first. */
  @Test
  void aTruncatedSyncAnswerMakesTheScanListAfterAskingForTheToken() {
    syncWithoutData = true;
    truncate = true;
    Connector c = open();
    Page page = c.scan(ObjectType.CONTACT, null);
    assertThat(page.records()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(page.cursor()).isEqualTo("listing");
    assertThat(calls)
        .containsSubsequence("REPORT sync-collection", "PROPFIND sync-token", "PROPFIND getetag");
  }

  @Test
  void aTruncatedSyncAnswerAsksForMore() {
    syncWithoutData = true;
    truncate = true;
    Connector c = open();
    Changes changes = c.changes(ObjectType.CONTACT, "sync:http://example.org/sync/1");
    assertThat(changes.changed()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(changes.hasMore()).as("more changes wait behind the new token").isTrue();
    assertThat(changes.nextCursor()).isEqualTo("sync:http://example.org/sync/2");
  }

  @Test
  void aSyncTokenTheServerCannotUseFallsBackToAListing() {
    Connector c = open();
    Changes changes = c.changes(ObjectType.CONTACT, "sync:http://example.org/sync/1");
    assertThat(changes.complete()).isTrue();
    assertThat(changes.changed()).extracting(Record::id).containsExactly("good.vcf");
    assertThat(changes.nextCursor()).isEqualTo("listing");
  }

  /** Many cards in one answer are parsed on several threads; each lands with its own id. */
  @Test
  void manyCardsInOneAnswerAreAllReadInOrder() {
    manyCards = 300;
    Connector c = open();
    List<Record> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String token = null;
    do {
      Page page = c.scan(ObjectType.CONTACT, token);
      records.addAll(page.records());
      page.problems().forEach(p -> problems.add(p.id()));
      token = page.nextPageToken();
    } while (token != null);
    assertThat(records).hasSize(300);
    for (int i = 0; i < 300; i++) {
      String name = String.format("c%04d", i);
      assertThat(records.get(i).id()).isEqualTo(name + ".vcf");
      assertThat(records.get(i).get("email")).isEqualTo(name + "@example.org");
      assertThat(records.get(i).get("fullName")).isEqualTo("Card " + i);
      assertThat(records.get(i).get("phone")).isEqualTo("+1 555 " + i);
    }
    assertThat(problems).containsExactly("bad.vcf");
  }
}
