package dev.tandem.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.connector.hubspot.HubSpotConnectorFactory;
import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.connector.memory.MemoryConnector;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import dev.tandem.engine.CallMeter;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.service.ConnectionSource;
import dev.tandem.engine.service.SyncService;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import dev.tandem.server.FastSync;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A running Tandem webhook path: the HubSpot emulator (side A, delivering signed webhooks), a
 * memory app (side B), a SQLite store, the sync service and a Javalin server with the webhook
 * endpoint — for tests and the webhook benchmark.
 */
public final class LiveFixture implements AutoCloseable {
  public static final String SECRET = "hubspot-client-secret";
  public static final String CONNECTION = "crm";
  private static final ObjectMapper JSON = new ObjectMapper();

  public final MemoryApp b = new MemoryApp("b");
  public final StateStore store;
  public final SyncService service;
  public final Javalin server;
  public final HubSpotEmulator hubspot;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile Duration every = Duration.ofHours(1);

  /**
   * @param dir where the SQLite store goes
   * @param wrapB wraps side B's connector (the benchmark times writes with it)
   * @param emulator adjusts the emulator (rate limits)
   * @param listener hears webhook deliveries
   */
  public LiveFixture(
      Path dir,
      UnaryOperator<Connector> wrapB,
      UnaryOperator<HubSpotEmulator.Builder> emulator,
      WebhookEndpoint.Listener listener) {
    store = StateStores.sqlite(dir.resolve("tandem.db"));
    HubSpotEmulator[] hs = new HubSpotEmulator[1];
    ConnectionSource source =
        new ConnectionSource() {
          @Override
          public List<Entry> connections() {
            return List.of(new Entry(CONNECTION, every));
          }

          @Override
          public SyncConnection open(String id) {
            if (!CONNECTION.equals(id)) {
              throw new ConfigException("no connection '" + id + "'");
            }
            CallMeter ma = new CallMeter();
            CallMeter mb = new CallMeter();
            Connector a =
                new HubSpotConnectorFactory()
                    .create(
                        new AccountConfig(
                            "crm",
                            "hubspot",
                            Map.of(
                                "url",
                                hs[0].baseUrl(),
                                "token",
                                hs[0].token(),
                                "client-secret",
                                SECRET,
                                "rate-limit",
                                "10000")),
                        new ConnectorContext(ma, Clock.systemUTC(), dir));
            Connector cb = wrapB.apply(new MemoryConnector(b, mb, 100, 100));
            return new SyncConnection(
                id, a, ma, cb, mb, List.of(ObjectSyncSpec.defaults(ObjectType.CONTACT)));
          }
        };
    service = new SyncService(store, source, Clock.systemUTC(), FastSync.OPTIONS);
    server =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  WebhookEndpoint.install(config, service, listener);
                })
            .start("127.0.0.1", 0);
    hubspot =
        emulator
            .apply(
                HubSpotEmulator.builder()
                    .host("127.0.0.1")
                    .clientSecret(SECRET)
                    .webhookUrl(webhookUrl("a")))
            .build()
            .start();
    hs[0] = hubspot;
  }

  public LiveFixture(Path dir) {
    this(dir, c -> c, e -> e, WebhookEndpoint.Listener.NONE);
  }

  /** Starts the sync service; the initial sync runs at once. */
  public LiveFixture start() {
    service.start();
    return this;
  }

  public String webhookUrl(String side) {
    return "http://localhost:" + server.port() + "/webhooks/" + CONNECTION + "/" + side;
  }

  /** Creates a contact through HubSpot's API (HubSpot sends a creation webhook); returns its id. */
  public String createContact(Map<String, String> properties) {
    JsonNode r = api("POST", "/crm/v3/objects/contacts", Map.of("properties", properties));
    return r.path("id").asText();
  }

  /** Changes a contact through HubSpot's API (HubSpot sends property-change webhooks). */
  public void updateContact(String id, Map<String, String> properties) {
    api("PATCH", "/crm/v3/objects/contacts/" + id, Map.of("properties", properties));
  }

  /** Creates a contact behind HubSpot's back (the emulator's loader): no webhook is sent. */
  public String createQuietly(Map<String, String> properties) {
    JsonNode r =
        call("POST", "/_emulator/records/contacts", Map.of("records", List.of(properties)));
    return r.path("ids").get(0).asText();
  }

  private JsonNode api(String method, String path, Object body) {
    return call(method, path, body);
  }

  private JsonNode call(String method, String path, Object body) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + path))
              .header("Authorization", "Bearer " + hubspot.token())
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The contact in the memory app (side B) with this email, or null. */
  public dev.tandem.core.model.Record inB(String email) {
    return b.all(ObjectType.CONTACT).stream()
        .filter(r -> email.equalsIgnoreCase(r.get("email")))
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    service.close();
    server.stop();
    hubspot.close();
    store.close();
  }
}
