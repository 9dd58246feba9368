package dev.tandem.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.SyncKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks end to end: the HubSpot emulator delivers signed webhooks to the endpoint, the sync
 * service runs targeted syncs into a memory app; forged, unsigned and replayed requests sync
 * nothing; repeats and reordering end in the app's current state.
 */
class WebhookEndpointTest {
  @TempDir Path dir;
  LiveFixture live;
  final List<WebhookEndpoint.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    live =
        new LiveFixture(
            dir, c -> c, e -> e, (conn, side, outcome, took, n) -> outcomes.add(outcome));
    live.createContact(Map.of("email", "ann@example.com", "firstname", "Ann", "lastname", "Lee"));
    live.start();
    await().atMost(Duration.ofSeconds(15)).until(() -> live.inB("ann@example.com") != null);
    await().atMost(Duration.ofSeconds(15)).until(() -> kinds().contains("initial:completed"));
  }

  @AfterEach
  void stop() {
    live.close();
  }

  List<String> kinds() {
    List<String> out = new ArrayList<>();
    for (RunRecord r : live.store.runs(LiveFixture.CONNECTION, 100)) {
      out.add(0, r.kind() + ":" + r.status());
    }
    return out;
  }

  static String sign(String secret, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  static String event(String id, String type, long occurredAt) {
    return "{\"eventId\":"
        + occurredAt
        + ",\"subscriptionType\":\"contact."
        + type
        + "\",\"objectId\":"
        + id
        + ",\"occurredAt\":"
        + occurredAt
        + ",\"portalId\":62515,\"attemptNumber\":0}";
  }

  HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a batch signed as HubSpot signs it, for the URL it is sent to. */
  HttpResponse<String> deliver(String secret, long timestamp, String... events) throws Exception {
    String url = live.webhookUrl("a");
    String body = "[" + String.join(",", events) + "]";
    String ts = Long.toString(timestamp);
    return post(
        url,
        body,
        Map.of(
            "X-HubSpot-Signature-v3",
            sign(secret, "POST" + url + body + ts),
            "X-HubSpot-Request-Timestamp",
            ts));
  }

  @Test
  void anEditInHubSpotReachesTheOtherAppWithinASecondThroughItsWebhook() {
    String id = live.createContact(Map.of("email", "bea@example.com", "firstname", "Bea"));
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> live.inB("bea@example.com") != null);
    live.updateContact(id, Map.of("lastname", "Moss"));
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> "Moss".equals(live.inB("bea@example.com").get("lastName")));
    await().atMost(Duration.ofSeconds(5)).until(() -> kinds().contains("targeted:completed"));
    assertThat(kinds()).doesNotContain("incremental:completed");
    assertThat(outcomes).contains(WebhookEndpoint.Outcome.ACCEPTED);
  }

  @Test
  void forgedUnsignedAndReplayedRequestsAreRefusedAndSyncNothing() throws Exception {
    String id = live.createQuietly(Map.of("email", "quiet@example.com", "firstname", "Q"));
    TimeUnit.MILLISECONDS.sleep(300); // the setup's own webhooks are delivered
    outcomes.clear();
    int runsBefore = kinds().size();
    long now = System.currentTimeMillis();
    String e = event(id, "creation", now);
    assertThat(deliver("not-the-secret", now, e).statusCode()).isEqualTo(401);
    HttpResponse<String> unsigned = post(live.webhookUrl("a"), "[" + e + "]", Map.of());
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(unsigned.body()).contains("unsigned");
    long sixMinutesAgo = now - Duration.ofMinutes(6).toMillis();
    HttpResponse<String> replayed = deliver(LiveFixture.SECRET, sixMinutesAgo, e);
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.body()).contains("more than the 5 minutes allowed");
    // a genuine request to another connection's URL does not verify here
    String other = live.webhookUrl("a").replace("/crm/", "/other/");
    assertThat(post(live.webhookUrl("a"), "[" + e + "]", signedFor(other, "[" + e + "]", now)))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(401);
    TimeUnit.MILLISECONDS.sleep(500);
    assertThat(live.inB("quiet@example.com")).isNull();
    assertThat(kinds()).hasSize(runsBefore);
    assertThat(outcomes).containsOnly(WebhookEndpoint.Outcome.REJECTED);

    // the same record, genuinely signed: synced
    assertThat(deliver(LiveFixture.SECRET, now, e).statusCode()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(1)).until(() -> live.inB("quiet@example.com") != null);
  }

  Map<String, String> signedFor(String url, String body, long ts) throws Exception {
    return Map.of(
        "X-HubSpot-Signature-v3",
        sign(LiveFixture.SECRET, "POST" + url + body + ts),
        "X-HubSpot-Request-Timestamp",
        Long.toString(ts));
  }

  @Test
  void repeatedAndReorderedDeliveriesEndInTheAppsCurrentState() throws Exception {
    String id = live.createQuietly(Map.of("email", "dup@example.com", "firstname", "Dee"));
    long now = System.currentTimeMillis();
    String created = event(id, "creation", now - 30);
    String changed = event(id, "propertyChange", now - 20);
    String deleted = event(id, "deletion", now - 10);
    // a late "deletion" first (the record exists), then the rest twice, newest first
    assertThat(deliver(LiveFixture.SECRET, now, deleted, changed).statusCode()).isEqualTo(204);
    assertThat(deliver(LiveFixture.SECRET, now, changed, created).statusCode()).isEqualTo(204);
    assertThat(deliver(LiveFixture.SECRET, now, created, created).statusCode()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(2)).until(() -> live.inB("dup@example.com") != null);
    live.updateContact(id, Map.of("firstname", "Dora"));
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> "Dora".equals(live.inB("dup@example.com").get("firstName")));
    // the old events again, after the newer state
    assertThat(deliver(LiveFixture.SECRET, now, changed, created, deleted).statusCode())
        .isEqualTo(204);
    TimeUnit.MILLISECONDS.sleep(400);
    assertThat(
            live.b.all(ObjectType.CONTACT).stream()
                .filter(r -> "dup@example.com".equals(r.get("email"))))
        .hasSize(1);
    assertThat(live.inB("dup@example.com").get("firstName")).isEqualTo("Dora");
    assertThat(
            live.store.links(
                new SyncKey(LiveFixture.CONNECTION, ObjectType.CONTACT), Side.A, List.of(id)))
        .containsKey(id);
    assertThat(kinds()).allMatch(k -> k.endsWith(":completed"));
  }

  @Test
  void unknownConnectionsSidesAndAppsWithoutWebhooksAre404() throws Exception {
    String url = live.webhookUrl("a");
    HttpResponse<String> unknown = post(url.replace("/crm/", "/nope/"), "[]", Map.of());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("'nope'");
    HttpResponse<String> side = post(url.replace("/a", "/c"), "[]", Map.of());
    assertThat(side.statusCode()).isEqualTo(404);
    assertThat(side.body()).contains("use a or b");
    HttpResponse<String> memory = post(live.webhookUrl("b"), "[]", Map.of());
    assertThat(memory.statusCode()).isEqualTo(404);
    assertThat(memory.body()).contains("sends no webhooks");
  }

  @Test
  void behindAProxyTheSignedUrlIsTheForwardedOne() throws Exception {
    String id = live.createQuietly(Map.of("email", "proxy@example.com", "firstname", "P"));
    long now = System.currentTimeMillis();
    String body = "[" + event(id, "creation", now) + "]";
    String publicUrl = "https://tandem.example.com/webhooks/crm/a";
    Map<String, String> headers = new java.util.HashMap<>(signedFor(publicUrl, body, now));
    headers.put("X-Forwarded-Proto", "https");
    headers.put("X-Forwarded-Host", "tandem.example.com");
    assertThat(post(live.webhookUrl("a"), body, headers).statusCode()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(1)).until(() -> live.inB("proxy@example.com") != null);
    // without the forwarded headers the same signature is for another URL
    assertThat(post(live.webhookUrl("a"), body, signedFor(publicUrl, body, now)).statusCode())
        .isEqualTo(401);
  }
}
