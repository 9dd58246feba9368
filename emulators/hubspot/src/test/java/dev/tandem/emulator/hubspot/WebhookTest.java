package dev.tandem.emulator.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook batches: signed as HubSpot signs them (checked independently), batched and retried. */
class WebhookTest {
  record Delivery(String signature, String timestamp, String body, String uri) {}

  HttpServer receiver;
  final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger failFirst = new AtomicInteger();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (failFirst.getAndDecrement() > 0) {
            ex.sendResponseHeaders(500, -1);
          } else {
            deliveries.add(
                new Delivery(
                    ex.getRequestHeaders().getFirst("X-HubSpot-Signature-v3"),
                    ex.getRequestHeaders().getFirst("X-HubSpot-Request-Timestamp"),
                    body,
                    ex.getRequestURI().toString()));
            ex.sendResponseHeaders(204, -1);
          }
          ex.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
  }

  static String hmac(String secret, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void changesArriveAsSignedBatchesOfV3Events() throws Exception {
    try (HubSpotEmulator hs =
        HubSpotEmulator.builder().webhookUrl(url()).clientSecret("s3cret").build().start()) {
      Http http = new Http(hs.baseUrl(), hs.token());
      String id =
          http.post(
                  "/crm/v3/objects/contacts",
                  Map.of("properties", Map.of("email", "w@example.com")))
              .body()
              .get("id")
              .asText();
      http.send(
          "PATCH",
          "/crm/v3/objects/contacts/" + id,
          Map.of("properties", Map.of("firstname", "W", "lastname", "X")));
      http.send("DELETE", "/crm/v3/objects/contacts/" + id, null);
      List<JsonNode> events = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                events.clear();
                for (Delivery d : List.copyOf(deliveries)) {
                  Http.JSON.readTree(d.body()).forEach(events::add);
                }
                return events.size() >= 4;
              });
      for (Delivery d : List.copyOf(deliveries)) {
        assertThat(d.signature())
            .isEqualTo(hmac("s3cret", "POST" + url() + d.body() + d.timestamp()));
        assertThat(Long.parseLong(d.timestamp()))
            .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
        assertThat(Http.JSON.readTree(d.body()).size()).isLessThanOrEqualTo(100);
      }
      assertThat(events)
          .extracting(e -> e.get("subscriptionType").asText())
          .containsExactly(
              "contact.creation",
              "contact.propertyChange",
              "contact.propertyChange",
              "contact.deletion");
      JsonNode change = events.get(1);
      assertThat(change.get("objectId").asText()).isEqualTo(id);
      assertThat(change.get("portalId").asLong()).isEqualTo(HubSpotEmulator.PORTAL_ID);
      assertThat(change.get("propertyName").asText()).isIn("firstname", "lastname");
      assertThat(change.has("eventId") && change.has("occurredAt") && change.has("attemptNumber"))
          .isTrue();
    }
  }

  @Test
  void aFailedBatchIsRetriedWithAHigherAttemptNumber() {
    failFirst.set(1);
    try (HubSpotEmulator hs =
        HubSpotEmulator.builder()
            .webhookUrl(url())
            .clientSecret("s3cret")
            .webhookRetries(3, 50)
            .build()
            .start()) {
      new Http(hs.baseUrl(), hs.token())
          .post("/crm/v3/objects/companies", Map.of("properties", Map.of("name", "Retry Inc")));
      await().atMost(Duration.ofSeconds(5)).until(() -> !deliveries.isEmpty());
      JsonNode event = read(deliveries.get(0).body()).get(0);
      assertThat(event.get("subscriptionType").asText()).isEqualTo("company.creation");
      assertThat(event.get("attemptNumber").asInt()).isEqualTo(1);
    }
  }

  @Test
  void manyChangesAreSplitIntoBatchesOfAtMost100() {
    try (HubSpotEmulator hs =
        HubSpotEmulator.builder().webhookUrl(url()).clientSecret("s3cret").build().start()) {
      Http http = new Http(hs.baseUrl(), hs.token());
      List<Object> inputs = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        inputs.add(
            Map.of("properties", Map.of("email", "m" + i + "@example.com", "firstname", "M")));
      }
      http.post("/crm/v3/objects/contacts/batch/create", Map.of("inputs", inputs));
      http.post(
          "/crm/v3/objects/contacts/batch/create",
          Map.of(
              "inputs",
              inputs.subList(0, 1).stream()
                  .map(x -> Map.of("properties", Map.of("email", "z@example.com")))
                  .toList()));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  List.copyOf(deliveries).stream().mapToInt(d -> read(d.body()).size()).sum()
                      == 101);
      assertThat(List.copyOf(deliveries)).allMatch(d -> read(d.body()).size() <= 100);
    }
  }

  static JsonNode read(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
