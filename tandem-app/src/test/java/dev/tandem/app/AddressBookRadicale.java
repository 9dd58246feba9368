package dev.tandem.app;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Radicale server (Debian package {@code radicale}) on a free loopback port with its own
 * storage and one htpasswd user, plus the few requests another CardDAV client would make. (A copy
 * of the start/stop logic of connectors/carddav's test helper, which is not published as a
 * test-jar.)
 */
final class AddressBookRadicale implements AutoCloseable {
  static final String USER = "alice";
  static final String PASSWORD = "wonder land";
  private static final Pattern HREF =
      Pattern.compile("<(?:[A-Za-z]+:)?href>([^<]+\\.vcf)</(?:[A-Za-z]+:)?href>");

  final Path dir;
  final int port;
  private final Process process;

  private AddressBookRadicale(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  static AddressBookRadicale start() throws Exception {
    String exe = findOnPath("radicale");
    if (exe == null) {
      throw new AssertionError(
          "the address book end-to-end tests need a real Radicale server, but 'radicale' is not"
              + " on the PATH; install it with: apt-get install -y radicale");
    }
    Path dir = Files.createTempDirectory("tandem-e2e-radicale");
    Files.writeString(dir.resolve("users"), USER + ":" + PASSWORD + "\n");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(
        dir.resolve("config"),
        String.join(
            "\n",
            "[server]",
            "hosts = 127.0.0.1:" + port,
            "[auth]",
            "type = htpasswd",
            "htpasswd_filename = " + dir.resolve("users"),
            "htpasswd_encryption = plain",
            "delay = 0",
            "[rights]",
            "type = owner_only",
            "[storage]",
            "filesystem_folder = " + dir.resolve("storage"),
            "[web]",
            "type = none",
            "[logging]",
            "level = warning",
            ""));
    Process p =
        new ProcessBuilder(exe, "--config", dir.resolve("config").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        break;
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new AssertionError(
              "Radicale did not start: " + Files.readString(dir.resolve("log")));
        }
        Thread.sleep(50);
      }
    }
    return new AddressBookRadicale(dir, port, p);
  }

  URI book(String name) {
    return URI.create("http://127.0.0.1:" + port + "/" + USER + "/" + name + "/");
  }

  /** Creates an address book (extended MKCOL, RFC 5689) and returns its URL. */
  URI createBook(String name) throws Exception {
    HttpResponse<String> r =
        request(
            "MKCOL",
            book(name),
            "<?xml version=\"1.0\"?><d:mkcol xmlns:d=\"DAV:\""
                + " xmlns:c=\"urn:ietf:params:xml:ns:carddav\"><d:set><d:prop><d:resourcetype>"
                + "<d:collection/><c:addressbook/></d:resourcetype><d:displayname>"
                + name
                + "</d:displayname></d:prop></d:set></d:mkcol>",
            "application/xml",
            null);
    expect(r, 201, "MKCOL " + name);
    return book(name);
  }

  /** Stores a card as another client would (unconditionally). */
  void put(URI book, String name, String card) throws Exception {
    HttpResponse<String> r = request("PUT", book.resolve(name), card, "text/vcard", null);
    if (r.statusCode() != 201 && r.statusCode() != 204) {
      throw new AssertionError("PUT " + name + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** Reads a card, changes its text and writes it back with its ETag, as another client would. */
  void edit(URI href, java.util.function.UnaryOperator<String> change) throws Exception {
    HttpResponse<String> got = request("GET", href, null, null, null);
    expect(got, 200, "GET " + href);
    String etag = got.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> put = request("PUT", href, change.apply(got.body()), "text/vcard", etag);
    if (put.statusCode() != 201 && put.statusCode() != 204) {
      throw new AssertionError("PUT " + href + " answered " + put.statusCode() + ": " + put.body());
    }
  }

  void delete(URI href) throws Exception {
    HttpResponse<String> r = request("DELETE", href, null, null, null);
    if (r.statusCode() != 200 && r.statusCode() != 204) {
      throw new AssertionError("DELETE " + href + " answered " + r.statusCode());
    }
  }

  /** Every card in the address book, by its URL. */
  Map<URI, String> cards(URI book) throws Exception {
    HttpResponse<String> list =
        client()
            .send(
                auth(HttpRequest.newBuilder(book))
                    .header("Depth", "1")
                    .header("Content-Type", "application/xml")
                    .method(
                        "PROPFIND",
                        HttpRequest.BodyPublishers.ofString(
                            "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/>"
                                + "</d:prop></d:propfind>"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    expect(list, 207, "PROPFIND " + book);
    Map<URI, String> cards = new LinkedHashMap<>();
    Matcher m = HREF.matcher(list.body());
    while (m.find()) {
      URI href = book.resolve(m.group(1));
      HttpResponse<String> got = request("GET", href, null, null, null);
      expect(got, 200, "GET " + href);
      cards.put(href, got.body());
    }
    return cards;
  }

  private HttpResponse<String> request(
      String method, URI uri, String body, String type, String ifMatch) throws Exception {
    HttpRequest.Builder b =
        auth(HttpRequest.newBuilder(uri))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return client().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A client per request: Radicale's server closes idle connections without notice, and a reused
   * one then fails with "header parser received no bytes".
   */
  private static HttpClient client() {
    return HttpClient.newHttpClient();
  }

  private static HttpRequest.Builder auth(HttpRequest.Builder b) {
    return b.header(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
  }

  private static void expect(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new AssertionError(what + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path candidate = Path.of(d, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
