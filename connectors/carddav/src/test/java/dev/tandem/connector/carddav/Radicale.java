package dev.tandem.connector.carddav;

import java.io.File;
import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * A real Radicale server (the Debian package {@code radicale}) on a free loopback port, with its
 * own storage folder and one htpasswd user, for tests. Fails loudly when Radicale is not installed.
 */
public final class Radicale implements AutoCloseable {
  public static final String USER = "alice";
  public static final String PASSWORD = "wonder land";

  final Path dir;
  public final int port;
  private final Process process;

  private Radicale(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  public static Radicale start() throws Exception {
    String exe = findOnPath("radicale");
    if (exe == null) {
      throw new AssertionError(
          "the CardDAV tests need a real Radicale server, but 'radicale' is not on the PATH;"
              + " install it with: apt-get install -y radicale");
    }
    Path dir = Files.createTempDirectory("tandem-radicale");
    Files.writeString(dir.resolve("users"), USER + ":" + PASSWORD + "\n");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
    return new Radicale(dir, port, p);
  }

  URI root() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  URI book(String name) {
    return root().resolve("/" + USER + "/" + name + "/");
  }

  /** Creates an address book (extended MKCOL, RFC 5689) and returns its URL. */
  URI createBook(String name, String displayName) throws Exception {
    HttpResponse<String> r =
        request(
            "MKCOL",
            book(name),
            "<?xml version=\"1.0\"?><d:mkcol xmlns:d=\"DAV:\""
                + " xmlns:c=\"urn:ietf:params:xml:ns:carddav\"><d:set><d:prop><d:resourcetype>"
                + "<d:collection/><c:addressbook/></d:resourcetype><d:displayname>"
                + displayName
                + "</d:displayname></d:prop></d:set></d:mkcol>",
            "application/xml");
    if (r.statusCode() != 201) {
      throw new AssertionError("MKCOL " + name + " answered " + r.statusCode() + ": " + r.body());
    }
    return book(name);
  }

  /** Puts a raw vCard (no conditions), as another client would. */
  HttpResponse<String> putRaw(URI book, String name, String text) throws Exception {
    return request("PUT", book.resolve(name), text, "text/vcard");
  }

  HttpResponse<String> get(URI book, String name) throws Exception {
    return request("GET", book.resolve(name), null, null);
  }

  HttpResponse<String> request(String method, URI uri, String body, String type) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
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
