package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Address books end to end through the {@code tandem} command: a real Radicale server synced with a
 * vdir folder, and with the HubSpot emulator.
 */
class AddressBookEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  AddressBookRadicale radicale;
  URI book;

  @BeforeEach
  void startRadicale() throws Exception {
    radicale = AddressBookRadicale.start();
    book = radicale.createBook("contacts");
  }

  @AfterEach
  void stopRadicale() throws Exception {
    radicale.close();
  }

  record Result(int code, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }

    JsonNode contact() throws IOException {
      return json().get("connections").get(0).get("objects").get("contact");
    }

    JsonNode callsByEndpoint(String side) throws IOException {
      return json().get("connections").get(0).get("apiCallsByEndpoint").get(side);
    }
  }

  static Result tandem(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int code = Tandem.run(args);
      return new Result(
          code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  Result sync(Path cfg) throws IOException {
    Result r = tandem("sync", "--config", cfg.toString(), "--json");
    assertThat(r.code()).as("exit code; stderr: %s; stdout: %s", r.err(), r.out()).isZero();
    assertThat(r.json().get("connections").get(0).get("status").asText())
        .as(r.out())
        .isEqualTo("completed");
    return r;
  }

  static String card(String uid, String fn, String n, String email, String... more) {
    StringBuilder b =
        new StringBuilder("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:")
            .append(uid)
            .append("\r\nFN:")
            .append(fn)
            .append("\r\nN:")
            .append(n)
            .append("\r\nEMAIL;TYPE=INTERNET:")
            .append(email)
            .append("\r\n");
    for (String line : more) {
      b.append(line).append("\r\n");
    }
    return b.append("END:VCARD\r\n").toString();
  }

  /** The server's card holding this email (exactly one). */
  Map.Entry<URI, String> onServer(String email) throws Exception {
    var hits =
        radicale.cards(book).entrySet().stream().filter(e -> e.getValue().contains(email)).toList();
    assertThat(hits).as("server cards with %s", email).hasSize(1);
    return hits.get(0);
  }

  boolean serverHas(String email) throws Exception {
    return radicale.cards(book).values().stream().anyMatch(c -> c.contains(email));
  }

  /** The folder's file holding this email (exactly one). */
  Path inFolder(Path folder, String email) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      var hits =
          files
              .filter(p -> p.toString().endsWith(".vcf"))
              .filter(p -> read(p).contains(email))
              .toList();
      assertThat(hits).as("files in %s with %s", folder, email).hasSize(1);
      return hits.get(0);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Rewrites a file the way an editor would, with a later modification time. */
  static void editFile(Path p, String from, String to) throws IOException {
    String text = read(p);
    assertThat(text).contains(from);
    Files.writeString(p, text.replace(from, to));
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().plusSeconds(5)));
  }

  static void assertNoWrites(Result r, String side, String... writeEndpoints) throws IOException {
    JsonNode calls = r.callsByEndpoint(side);
    assertThat(calls).as("apiCallsByEndpoint.%s in %s", side, r.out()).isNotNull();
    for (String w : writeEndpoints) {
      assertThat(calls.has(w)).as("%s made '%s' calls: %s", side, w, calls).isFalse();
    }
  }

  @Test
  void radicaleAndVdirSyncBothWaysKeepUnmappedPropertiesAndReportMalformedCards() throws Exception {
    radicale.put(
        book,
        "ada.vcf",
        card(
            "srv-ada",
            "Ada Lovelace",
            "Lovelace;Ada;;;",
            "ada@example.org",
            "TITLE:Analyst",
            "PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
            "X-ABLABEL:kept on the server"));
    radicale.put(
        book,
        "grace.vcf",
        card("srv-grace", "Grace Hopper", "Hopper;Grace;;;", "grace@example.org"));
    radicale.put(
        book,
        "linus.vcf",
        card(
            "srv-linus",
            "Linus Torvalds",
            "Torvalds;Linus;;;",
            "shared@example.org",
            "TEL;TYPE=WORK:+1 555 0100"));
    Path folder = Files.createDirectories(dir.resolve("contacts"));
    Files.writeString(
        folder.resolve("linus.vcf"),
        card(
            "dir-linus",
            "Linus Torvalds",
            "Torvalds;Linus;;;",
            "shared@example.org",
            "NOTE:kernel",
            "X-KHARD-NOTE:kept in the folder"));
    Files.writeString(
        folder.resolve("ken.vcf"),
        card(
            "dir-ken",
            "Ken Thompson",
            "Thompson;Ken;;;",
            "ken@example.org",
            "TITLE:Hacker",
            "X-VDIR-KEEP:yes"));
    Files.writeString(
        folder.resolve("broken.vcf"),
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:dir-broken\r\nFN:Broken Card\r\n"
            + "EMAIL:broken@example.org\r\n");
    Path cfg = dir.resolve("tandem.yaml");
    Files.writeString(
        cfg,
        """
        store: {type: sqlite, path: ./state.db}
        apps:
          dav:
            type: carddav
            url: %s
            username: %s
            password: "%s"
          folder: {type: vdir, path: ./contacts, cache-dir: ./cache}
        connections:
          - name: books
            a: dav
            b: folder
            objects:
              contact: {match: email, deletes: propagate}
        """
            .formatted(book, AddressBookRadicale.USER, AddressBookRadicale.PASSWORD));

    // initial sync: each side gets the other's cards, the shared one is merged, the broken one
    // waits
    Result first = sync(cfg);
    JsonNode c = first.contact();
    assertThat(c.get("created").get("a").asInt()).as(first.out()).isEqualTo(1); // ken
    assertThat(c.get("created").get("b").asInt()).as(first.out()).isEqualTo(2); // ada, grace
    assertThat(read(inFolder(folder, "ada@example.org"))).contains("TITLE:Analyst");
    assertThat(read(inFolder(folder, "grace@example.org"))).contains("FN:Grace Hopper");
    assertThat(onServer("ken@example.org").getValue()).contains("TITLE:Hacker");
    String serverLinus = onServer("shared@example.org").getValue();
    assertThat(serverLinus)
        .contains("UID:srv-linus")
        .contains("NOTE:kernel")
        .contains("+1 555 0100");
    assertThat(read(folder.resolve("linus.vcf")))
        .contains("UID:dir-linus")
        .contains("+1 555 0100")
        .contains("X-KHARD-NOTE:kept in the folder");
    assertThat(serverHas("broken@example.org")).isFalse();

    Result status = tandem("status", "--config", cfg.toString());
    assertThat(status.code()).isZero();
    assertThat(status.out())
        .contains("failing 1")
        .containsPattern("failing +folder .*broken\\.vcf")
        .contains("END:VCARD is missing");

    // a second sync with nothing changed writes nothing anywhere
    Result second = sync(cfg);
    assertNoWrites(second, "a", "PUT vcard", "DELETE vcard");
    assertNoWrites(second, "b", "write file", "delete file");
    assertThat(second.callsByEndpoint("a").size()).as(second.out()).isPositive();
    // the folder's cards are not read again, not even those Tandem wrote nor the malformed one:
    // none changed since the last run (the malformed one is read again once it changes)
    assertThat(second.callsByEndpoint("b").path("read file").asInt()).as(second.out()).isEqualTo(0);

    // an edit on the server reaches the folder; one in the folder reaches the server
    radicale.edit(
        onServer("shared@example.org").getKey(),
        t -> t.replace("TEL;TYPE=WORK:+1 555 0100", "TEL;TYPE=WORK:+1 555 0199"));
    editFile(inFolder(folder, "ada@example.org"), "TITLE:Analyst", "TITLE:Countess");
    Result edits = sync(cfg);
    assertThat(edits.contact().get("updated").get("a").asInt()).as(edits.out()).isEqualTo(1);
    assertThat(edits.contact().get("updated").get("b").asInt()).as(edits.out()).isEqualTo(1);
    assertThat(read(folder.resolve("linus.vcf")))
        .contains("+1 555 0199")
        .doesNotContain("+1 555 0100")
        .contains("UID:dir-linus")
        .contains("NOTE:kernel")
        .contains("X-KHARD-NOTE:kept in the folder");
    assertThat(onServer("ada@example.org").getValue())
        .contains("TITLE:Countess")
        .contains("UID:srv-ada")
        .contains("X-ABLABEL:kept on the server")
        .containsPattern("PHOTO;.*iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk");
    assertThat(read(folder.resolve("ken.vcf"))).contains("X-VDIR-KEEP:yes");

    // deletions follow `deletes: propagate`, both ways
    Files.delete(folder.resolve("ken.vcf"));
    radicale.delete(onServer("grace@example.org").getKey());
    Path graceFile = inFolder(folder, "grace@example.org");
    Result deletes = sync(cfg);
    assertThat(serverHas("ken@example.org")).as(deletes.out()).isFalse();
    assertThat(graceFile).doesNotExist();
    assertThat(onServer("ada@example.org").getValue()).contains("X-ABLABEL:kept on the server");
    assertThat(read(folder.resolve("linus.vcf"))).contains("X-KHARD-NOTE:kept in the folder");
    assertThat(folder.resolve("broken.vcf")).exists();

    // the malformed card, once fixed, syncs like any other
    Files.writeString(
        folder.resolve("broken.vcf"),
        card("dir-broken", "Broken Card", "Card;Broken;;;", "broken@example.org"));
    Files.setLastModifiedTime(
        folder.resolve("broken.vcf"), FileTime.from(Instant.now().plusSeconds(10)));
    sync(cfg);
    assertThat(onServer("broken@example.org").getValue()).contains("FN:Broken Card");
    assertThat(tandem("status", "--config", cfg.toString()).out()).contains("failing 0");
  }

  @Test
  void radicaleAndHubSpotSyncContactsBothWays() throws Exception {
    try (HubSpotEmulator hubspot = HubSpotEmulator.builder().host("127.0.0.1").build().start()) {
      HubSpotApi hs = new HubSpotApi(hubspot);
      radicale.put(
          book,
          "ada.vcf",
          card(
              "srv-ada",
              "Ada Lovelace",
              "Lovelace;Ada;;;",
              "ada@example.org",
              "TITLE:Analyst",
              "X-ABLABEL:kept on the server"));
      hs.create("grace@example.org", "Grace", "Hopper", "Rear Admiral");
      Path cfg = dir.resolve("tandem.yaml");
      Files.writeString(
          cfg,
          """
          store: {type: sqlite, path: ./state.db}
          apps:
            dav: {type: carddav, url: %s, username: %s, password: "%s"}
            crm: {type: hubspot, url: %s, token: %s}
          connections:
            - name: crm-book
              a: dav
              b: crm
              objects:
                contact: {match: email}
          """
              .formatted(
                  book,
                  AddressBookRadicale.USER,
                  AddressBookRadicale.PASSWORD,
                  hubspot.baseUrl().replace("localhost", "127.0.0.1"),
                  hubspot.token()));

      Result first = sync(cfg);
      assertThat(first.contact().get("created").get("a").asInt()).as(first.out()).isEqualTo(1);
      assertThat(first.contact().get("created").get("b").asInt()).as(first.out()).isEqualTo(1);
      JsonNode ada = hs.find("ada@example.org");
      assertThat(ada.get("firstname").asText()).isEqualTo("Ada");
      assertThat(ada.get("lastname").asText()).isEqualTo("Lovelace");
      assertThat(ada.get("jobtitle").asText()).isEqualTo("Analyst");
      assertThat(onServer("grace@example.org").getValue())
          .contains("FN:Grace Hopper")
          .contains("TITLE:Rear Admiral");

      Result second = sync(cfg);
      assertNoWrites(second, "a", "PUT vcard", "DELETE vcard");
      assertThat(second.contact().get("updated").get("b").asInt()).as(second.out()).isZero();
      assertThat(second.contact().get("created").get("b").asInt()).as(second.out()).isZero();

      // one edit each way; the server card keeps what HubSpot does not know about
      Thread.sleep(5); // HubSpot's modification times are in milliseconds
      radicale.edit(
          onServer("grace@example.org").getKey(), t -> t.replace("Rear Admiral", "Commodore"));
      hs.update(ada.get("hs_object_id").asText(), "jobtitle", "Countess");
      Result edits = sync(cfg);
      assertThat(edits.contact().get("updated").get("a").asInt()).as(edits.out()).isEqualTo(1);
      assertThat(edits.contact().get("updated").get("b").asInt()).as(edits.out()).isEqualTo(1);
      assertThat(hs.find("grace@example.org").get("jobtitle").asText()).isEqualTo("Commodore");
      assertThat(onServer("ada@example.org").getValue())
          .contains("TITLE:Countess")
          .contains("UID:srv-ada")
          .contains("X-ABLABEL:kept on the server");
    }
  }

  /** The few HubSpot CRM v3 requests another HubSpot user would make, over HTTP. */
  static final class HubSpotApi {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    HubSpotApi(HubSpotEmulator hs) {
      this.base = hs.baseUrl().replace("localhost", "127.0.0.1");
      this.token = hs.token();
    }

    void create(String email, String first, String last, String title) throws Exception {
      send(
          "POST",
          "/crm/v3/objects/contacts",
          Map.of(
              "properties",
              Map.of("email", email, "firstname", first, "lastname", last, "jobtitle", title)),
          201);
    }

    void update(String id, String property, String value) throws Exception {
      send(
          "PATCH",
          "/crm/v3/objects/contacts/" + id,
          Map.of("properties", Map.of(property, value)),
          200);
    }

    /** The contact's properties, found by email. */
    JsonNode find(String email) throws Exception {
      JsonNode r =
          send(
              "POST",
              "/crm/v3/objects/contacts/search",
              Map.of(
                  "filterGroups",
                  java.util.List.of(
                      Map.of(
                          "filters",
                          java.util.List.of(
                              Map.of("propertyName", "email", "operator", "EQ", "value", email)))),
                  "properties",
                  java.util.List.of("email", "firstname", "lastname", "jobtitle", "phone")),
              200);
      assertThat(r.get("results")).as("HubSpot contacts with %s: %s", email, r).hasSize(1);
      return r.get("results").get(0).get("properties");
    }

    private JsonNode send(String method, String path, Object body, int expected) throws Exception {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .method(
                      method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
      return JSON.readTree(r.body());
    }
  }
}
