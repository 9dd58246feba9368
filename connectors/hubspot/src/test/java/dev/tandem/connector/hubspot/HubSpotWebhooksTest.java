package dev.tandem.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Signature checks (independent HMAC, 5-minute window) and event parsing. */
class HubSpotWebhooksTest {
  static final String SECRET = "app-secret";
  static final String URI = "https://tandem.example.com/webhooks/hubspot?account=crm";
  static final String BODY =
      "[{\"eventId\":1,\"subscriptionId\":5,\"portalId\":62515,\"occurredAt\":1700000000000,"
          + "\"subscriptionType\":\"contact.propertyChange\",\"attemptNumber\":0,\"objectId\":123,"
          + "\"propertyName\":\"email\",\"propertyValue\":\"a@b.com\",\"changeSource\":\"CRM\"},"
          + "{\"eventId\":2,\"subscriptionType\":\"deal.deletion\",\"objectId\":77,\"occurredAt\":1700000000001},"
          + "{\"eventId\":3,\"subscriptionType\":\"company.creation\",\"objectId\":9,\"occurredAt\":1700000000002},"
          + "{\"eventId\":4,\"subscriptionType\":\"ticket.creation\",\"objectId\":5,\"occurredAt\":1700000000003}]";

  static String hmac(String data) throws Exception {
    return hmacWith(SECRET, data);
  }

  static String hmacWith(String secret, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  static HubSpotWebhooks at(long epochMs) {
    return new HubSpotWebhooks(SECRET, Clock.fixed(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC));
  }

  @Test
  void acceptsAGenuineRecentSignature() throws Exception {
    String ts = "1700000100000";
    String sig = hmac("POST" + URI + BODY + ts);
    assertThat(at(1700000100000L + 60_000).verify("POST", URI, BODY, sig, ts)).isTrue();
  }

  @Test
  void refusesStaleTamperedOrWronglyKeyedRequests() throws Exception {
    String ts = "1700000100000";
    String sig = hmac("POST" + URI + BODY + ts);
    long now = 1700000100000L;
    assertThat(at(now + Duration.ofMinutes(5).toMillis() + 1).verify("POST", URI, BODY, sig, ts))
        .isFalse();
    assertThat(at(now).verify("POST", URI, BODY.replace("a@b.com", "x@b.com"), sig, ts)).isFalse();
    assertThat(at(now).verify("POST", URI + "&x=1", BODY, sig, ts)).isFalse();
    assertThat(at(now).verify("POST", URI, BODY, sig, "1700000100001")).isFalse();
    assertThat(
            new HubSpotWebhooks("other", Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC))
                .verify("POST", URI, BODY, sig, ts))
        .isFalse();
    assertThat(at(now).verify("POST", URI, BODY, "not base64!", ts)).isFalse();
    assertThat(at(now).verify("POST", URI, BODY, null, ts)).isFalse();
  }

  @Test
  void parsesEventsIntoTypeIdAndKind() {
    List<HubSpotWebhooks.Event> events = at(0).parse(BODY);
    assertThat(events)
        .containsExactly(
            new HubSpotWebhooks.Event(
                ObjectType.CONTACT, "123", HubSpotWebhooks.Kind.CHANGED, "email", 1700000000000L),
            new HubSpotWebhooks.Event(
                ObjectType.DEAL, "77", HubSpotWebhooks.Kind.DELETED, null, 1700000000001L),
            new HubSpotWebhooks.Event(
                ObjectType.COMPANY, "9", HubSpotWebhooks.Kind.CREATED, null, 1700000000002L));
    assertThatThrownBy(() -> at(0).parse("{\"not\":\"an array\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> at(0).parse("[{\"objectId\":1}]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifiesAndParsesWhatTheEmulatorSends() throws Exception {
    record Received(String uri, String body, String sig, String ts) {}
    List<Received> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/hubspot";
    server.createContext(
        "/hooks",
        ex -> {
          received.add(
              new Received(
                  "http://127.0.0.1:" + server.getAddress().getPort() + ex.getRequestURI(),
                  new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                  ex.getRequestHeaders().getFirst("X-HubSpot-Signature-v3"),
                  ex.getRequestHeaders().getFirst("X-HubSpot-Request-Timestamp")));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    try (HubSpotEmulator hs =
        HubSpotEmulator.builder().webhookUrl(url).clientSecret(SECRET).build().start()) {
      HubSpotConnector c =
          EmulatorFixture.connector(
              hs, ConnectorContext.defaults(), Map.of("client-secret", SECRET));
      String id =
          c.write(ObjectType.CONTACT, List.of(WriteOp.create(Map.of("email", "hook@example.com"))))
              .get(0)
              .id();
      await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
      HubSpotWebhooks hooks = new HubSpotWebhooks(SECRET, Clock.systemUTC());
      Received r = received.get(0);
      assertThat(hooks.verify("POST", r.uri(), r.body(), r.sig(), r.ts())).isTrue();
      assertThat(hooks.parse(r.body()))
          .contains(
              new HubSpotWebhooks.Event(
                  ObjectType.CONTACT,
                  id,
                  HubSpotWebhooks.Kind.CREATED,
                  null,
                  hooks.parse(r.body()).get(0).occurredAt()));
    } finally {
      server.stop(0);
    }
  }
}
