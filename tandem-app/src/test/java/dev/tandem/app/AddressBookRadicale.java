package dev.tandem.app;

import dev.tandem.connector.carddav.Radicale;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Radicale server (Debian package {@code radicale}) on a free loopback port with its own
 * storage and one htpasswd user (the CardDAV connector's test server), plus the few requests
 * another CardDAV client would make.
 */
final class AddressBookRadicale implements AutoCloseable {
  static final String USER = Radicale.USER;
  static final String PASSWORD = Radicale.PASSWORD;
  private static final Pattern HREF =
      Pattern.compile("<(?:[A-Za-z]+:)?href>([^<]+\\.vcf)</(?:[A-Za-z]+:)?href>");

  private final Radicale server;
  final int port;

  private AddressBookRadicale(Radicale server) {
    this.server = server;
    this.port = server.port;
  }

  static AddressBookRadicale start() throws Exception {
    return new AddressBookRadicale(Radicale.start());
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
    server.close();
  }
}
