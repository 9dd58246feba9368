package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The selector thread of a finished HTTP client is stopped before exit. Needs the package the jar's
 * manifest opens to be opened to the tests too (surefire's argLine in this module's pom).
 */
@Timeout(30)
class IdleHttpSelectorsTest {
  private HttpServer server;
  private URI uri;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void stopsTheSelectorThreadOfAClientThatIsDone() throws Exception {
    Set<Thread> before = selectorThreads();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(uri).build();
    assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(204);
    Set<Thread> ours = selectorThreads();
    ours.removeAll(before);
    assertThat(ours).as("the new client's selector thread").hasSize(1);
    Thread selector = ours.iterator().next();
    assertThat(selector.getState()).isNotEqualTo(Thread.State.TERMINATED);

    // Only ours: other tests in this JVM may still be using their clients.
    assertThat(IdleHttpSelectors.stop(ours::contains)).isEqualTo(1);

    assertThat(selector.isAlive()).isFalse();
  }

  @Test
  void leavesOtherThreadsAlone() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(uri).build();
    client.send(request, HttpResponse.BodyHandlers.discarding());

    assertThat(IdleHttpSelectors.stop(t -> false)).isZero();

    assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(204);
  }

  private static Set<Thread> selectorThreads() {
    Set<Thread> out = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")) {
        out.add(t);
      }
    }
    return out;
  }
}
