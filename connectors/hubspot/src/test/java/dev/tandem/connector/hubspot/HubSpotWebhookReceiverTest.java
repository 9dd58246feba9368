package dev.tandem.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ChangeNotice;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.WebhookReceiver;
import dev.tandem.core.spi.WebhookRejectedException;
import dev.tandem.core.spi.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connector's webhook receiver: only genuine, recent requests become change notices. */
class HubSpotWebhookReceiverTest {
  static final String URL = "https://tandem.example.com/webhooks/crm-erp/a";
  static final long NOW = 1_700_000_100_000L;
  static final String BODY =
      "[{\"eventId\":1,\"occurredAt\":1700000000000,\"subscriptionType\":\"contact.propertyChange\","
          + "\"objectId\":123,\"propertyName\":\"email\",\"propertyValue\":\"a@b.com\"},"
          + "{\"eventId\":2,\"subscriptionType\":\"company.deletion\",\"objectId\":77,\"occurredAt\":1700000000001}]";

  static WebhookReceiver receiver(String secret) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("token", "pat");
    if (secret != null) {
      settings.put("client-secret", secret);
    }
    return new HubSpotConnectorFactory()
        .create(
            new AccountConfig("crm", "hubspot", settings),
            new ConnectorContext(
                dev.tandem.core.spi.ApiMeter.NONE,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
                Path.of(".")))
        .webhooks()
        .orElseThrow();
  }

  static WebhookRequest signed(String secret, String body, long timestamp) throws Exception {
    String ts = Long.toString(timestamp);
    String sig = HubSpotWebhooksTest.hmacWith(secret, "POST" + URL + body + ts);
    return new WebhookRequest(
        "POST",
        URL,
        Map.of("x-hubspot-signature-v3", sig, "x-hubspot-request-timestamp", ts),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aGenuineRecentRequestBecomesChangeNotices() throws Exception {
    assertThat(receiver("s3cret").receive(signed("s3cret", BODY, NOW - 60_000)))
        .containsExactly(
            new ChangeNotice(ObjectType.CONTACT, "123", false, 1700000000000L),
            new ChangeNotice(ObjectType.COMPANY, "77", true, 1700000000001L));
  }

  @Test
  void onlyAnAccountWithAClientSecretReceivesWebhooks() {
    Map<String, Object> settings = Map.of("token", "pat");
    assertThat(
            new HubSpotConnectorFactory()
                .create(new AccountConfig("crm", "hubspot", settings), ConnectorContext.defaults())
                .webhooks())
        .isEmpty();
  }

  @Test
  void unsignedForgedAndReplayedRequestsAreRejectedWithTheReason() throws Exception {
    WebhookReceiver r = receiver("s3cret");
    WebhookRequest unsigned =
        new WebhookRequest(
            "POST",
            URL,
            Map.of("x-hubspot-request-timestamp", Long.toString(NOW)),
            BODY.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> r.receive(unsigned))
        .isInstanceOf(WebhookRejectedException.class)
        .hasMessageContaining("unsigned");
    assertThatThrownBy(() -> r.receive(signed("wrong-secret", BODY, NOW)))
        .isInstanceOf(WebhookRejectedException.class)
        .hasMessageContaining("signature does not match")
        .hasMessageNotContaining("s3cret");
    WebhookRequest genuine = signed("s3cret", BODY, NOW);
    WebhookRequest altered =
        new WebhookRequest(
            "POST",
            URL,
            genuine.headers(),
            BODY.replace("123", "124").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> r.receive(altered)).hasMessageContaining("signature does not match");
    WebhookRequest elsewhere =
        new WebhookRequest("POST", URL + "x", genuine.headers(), genuine.body());
    assertThatThrownBy(() -> r.receive(elsewhere)).hasMessageContaining("signature does not match");
    assertThatThrownBy(() -> r.receive(signed("s3cret", BODY, NOW - 5 * 60_000 - 1)))
        .isInstanceOf(WebhookRejectedException.class)
        .hasMessageContaining("300 s old");
    assertThatThrownBy(() -> r.receive(signed("s3cret", "{\"not\":1}", NOW)))
        .isInstanceOf(WebhookRejectedException.class)
        .hasMessageContaining("unreadable body");
  }
}
