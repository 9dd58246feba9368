package dev.tandem.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run behind the {@code tandem} launcher's class-data-sharing archive: the launcher
 * runs this once per build with {@code -XX:ArchiveClassesAtExit}, and every later run maps the
 * classes it loaded instead of loading them from the jar (a large part of a short run's start-up).
 *
 * <p>It does what a typical run does, so that the archive holds what such a run loads: an initial
 * and an incremental sync, in JSON and in text, between a vdir folder and a small CardDAV address
 * book served here on loopback (requests, XML answers, vCard reading and writing, the state store's
 * statements), then {@code status}. Nothing leaves the given folder and the loopback interface.
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=tandem.jsa -cp tandem.jar
 * dev.tandem.app.StartupTraining <empty folder>}; exits 0 when every step ran as expected.
 */
public final class StartupTraining {
  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: StartupTraining <empty folder>");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0])));
  }

  static int run(Path dir) throws IOException {
    TrainingBook book = new TrainingBook();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", book::handle);
    server.start();
    PrintStream out = System.out;
    try {
      for (int i = 1; i <= 3; i++) {
        book.put("card-" + i + ".vcf", card("server-" + i, "Server Person " + i, "s" + i));
      }
      Path cards = Files.createDirectories(dir.resolve("cards"));
      Files.writeString(cards.resolve("local-1.vcf"), card("local-1", "Local Person", "l1"));
      Path config = dir.resolve("tandem.yaml");
      Files.writeString(
          config,
          "store: {type: sqlite, path: ./state.db}\n"
              + "apps:\n"
              + "  book: {type: carddav, url: \"http://127.0.0.1:"
              + server.getAddress().getPort()
              + "/book/\", username: training, password: training}\n"
              + "  cards: {type: vdir, path: ./cards, cache-dir: ./cache}\n"
              + "connections:\n"
              + "  - name: training\n"
              + "    a: book\n"
              + "    b: cards\n"
              + "    objects:\n"
              + "      contact: {match: email}\n");
      // The runs' reports go nowhere: only the classes they load matter here.
      System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
      int initial = Tandem.run("sync", "--config", config.toString(), "--json");
      book.put("card-1.vcf", card("server-1", "Server Person 1", "s1").replace("NOTE:", "NOTE:x"));
      Path local = cards.resolve("local-1.vcf");
      Files.writeString(local, Files.readString(local).replace("Local Person", "Local Person Jr"));
      int incremental = Tandem.run("sync", "--config", config.toString());
      int status = Tandem.run("status", "--config", config.toString());
      System.setOut(out);
      boolean ok = initial == 0 && incremental == 0 && status == 0 && book.size() == 4;
      if (!ok) {
        System.err.println(
            "startup training: unexpected outcome (exit codes "
                + initial
                + ", "
                + incremental
                + ", "
                + status
                + "; "
                + book.size()
                + " cards on the server)");
      }
      return ok ? 0 : 1;
    } finally {
      System.setOut(out);
      server.stop(0);
    }
  }

  private static String card(String uid, String name, String key) {
    String[] parts = name.split(" ");
    return String.join(
        "\r\n",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "UID:" + uid,
        "FN:" + name,
        "N:" + parts[parts.length - 1] + ";" + parts[0] + ";;;",
        "EMAIL;TYPE=INTERNET:" + key + "@example.org",
        "TEL;TYPE=WORK,VOICE:+1 555 0100",
        "ORG:Example",
        "TITLE:Engineer",
        "NOTE:Training card",
        "X-TRAINING:1",
        "END:VCARD",
        "");
  }

  /**
   * An address book that answers the requests of Tandem's CardDAV connector: discovery and
   * sync-token PROPFINDs, sync-collection and addressbook-multiget REPORTs, PUT and DELETE.
   */
  static final class TrainingBook {
    private static final Pattern TOKEN = Pattern.compile("<d:sync-token>([^<]*)</d:sync-token>");
    private static final Pattern HREF = Pattern.compile("<d:href>([^<]*)</d:href>");

    private record Card(String text, long changedAt) {}

    private final Map<String, Card> cards = new TreeMap<>();
    private long clock;

    synchronized void put(String name, String text) {
      cards.put(name, new Card(text, ++clock));
    }

    synchronized int size() {
      return cards.size();
    }

    synchronized void handle(HttpExchange ex) throws IOException {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = ex.getRequestURI().getPath();
      String name = path.substring(path.lastIndexOf('/') + 1);
      switch (ex.getRequestMethod()) {
        case "PROPFIND" -> reply(ex, 207, multistatus(book()));
        case "REPORT" -> {
          StringBuilder answer = new StringBuilder();
          if (body.contains("sync-collection")) {
            Matcher m = TOKEN.matcher(body);
            String token = m.find() ? m.group(1) : "";
            long since = token.isEmpty() ? 0 : Long.parseLong(token.substring(1));
            cards.forEach(
                (n, c) -> {
                  if (c.changedAt > since) {
                    answer.append(member(n, c, body.contains("address-data")));
                  }
                });
            answer.append("<d:sync-token>t").append(clock).append("</d:sync-token>");
          } else {
            Matcher m = HREF.matcher(body);
            while (m.find()) {
              String href = m.group(1);
              String n = href.substring(href.lastIndexOf('/') + 1);
              Card c = cards.get(n);
              answer.append(
                  c == null
                      ? "<d:response><d:href>"
                          + href
                          + "</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>"
                      : member(n, c, true));
            }
          }
          reply(ex, 207, multistatus(answer.toString()));
        }
        case "PUT" -> {
          boolean existed = cards.containsKey(name);
          put(name, body);
          ex.getResponseHeaders().add("ETag", etag(cards.get(name)));
          reply(ex, existed ? 204 : 201, null);
        }
        case "DELETE" -> reply(ex, cards.remove(name) == null ? 404 : 204, null);
        default -> reply(ex, 405, null);
      }
    }

    private String book() {
      return "<d:response><d:href>/book/</d:href><d:propstat><d:prop>"
          + "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
          + "<d:displayname>Training</d:displayname><d:sync-token>t"
          + clock
          + "</d:sync-token></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
          + "</d:response>";
    }

    private static String member(String name, Card c, boolean withData) {
      return "<d:response><d:href>/book/"
          + name
          + "</d:href><d:propstat><d:prop><d:getetag>"
          + etag(c)
          + "</d:getetag>"
          + (withData
              ? "<c:address-data>"
                  + c.text.replace("&", "&amp;").replace("<", "&lt;")
                  + "</c:address-data>"
              : "")
          + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>";
    }

    private static String etag(Card c) {
      return "\"e" + c.changedAt + "\"";
    }

    private static String multistatus(String responses) {
      return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
          + "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\">"
          + responses
          + "</d:multistatus>";
    }

    private static void reply(HttpExchange ex, int status, String xml) throws IOException {
      if (xml == null) {
        ex.sendResponseHeaders(status, -1);
      } else {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/xml; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
      }
      ex.close();
    }
  }
}
