package dev.tandem.connector.hubspot;

import dev.tandem.core.spi.ChangeNotice;
import dev.tandem.core.spi.WebhookReceiver;
import dev.tandem.core.spi.WebhookRejectedException;
import dev.tandem.core.spi.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HubSpot's webhook deliveries for an app with a {@code client-secret}: a request must carry a
 * valid v3 signature made no more than five minutes ago; its events become change notices
 * (creations, property changes, restores and merges as changes; deletions as deletions; association
 * changes name the record whose associations changed).
 */
final class HubSpotWebhookReceiver implements WebhookReceiver {
  private final HubSpotWebhooks webhooks;

  HubSpotWebhookReceiver(HubSpotWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public List<ChangeNotice> receive(WebhookRequest request) {
    String signature = request.header("X-HubSpot-Signature-v3");
    String timestamp = request.header("X-HubSpot-Request-Timestamp");
    if (signature == null || signature.isBlank()) {
      throw new WebhookRejectedException("unsigned: no X-HubSpot-Signature-v3 header");
    }
    if (timestamp == null || timestamp.isBlank()) {
      throw new WebhookRejectedException("no X-HubSpot-Request-Timestamp header");
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new WebhookRejectedException("X-HubSpot-Request-Timestamp is not a number");
    }
    long age = webhooks.clock().millis() - ts;
    if (Math.abs(age) > HubSpotWebhooks.MAX_AGE.toMillis()) {
      throw new WebhookRejectedException(
          "timestamp "
              + (age > 0 ? (age / 1000) + " s old" : (-age / 1000) + " s in the future")
              + ", more than the 5 minutes allowed (a replay, or a clock out of step)");
    }
    String body = new String(request.body(), StandardCharsets.UTF_8);
    if (!webhooks.verify(request.method(), request.url(), body, signature, timestamp)) {
      throw new WebhookRejectedException(
          "signature does not match (forged, altered, signed with another client secret, or sent"
              + " to another URL than "
              + request.url()
              + ")");
    }
    List<HubSpotWebhooks.Event> events;
    try {
      events = webhooks.parse(body);
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException("unreadable body: " + e.getMessage());
    }
    List<ChangeNotice> out = new ArrayList<>(events.size());
    for (HubSpotWebhooks.Event e : events) {
      out.add(
          new ChangeNotice(
              e.type(), e.objectId(), e.kind() == HubSpotWebhooks.Kind.DELETED, e.occurredAt()));
    }
    return out;
  }
}
