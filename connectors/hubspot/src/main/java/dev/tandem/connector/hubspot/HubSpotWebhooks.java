package dev.tandem.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.model.ObjectType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot webhook requests: verifies the v3 signature and parses event batches.
 *
 * <p>A v3 signature is Base64(HMAC-SHA256(client secret, method + URI + body + timestamp)), sent as
 * {@code X-HubSpot-Signature-v3} with the timestamp (epoch ms) in {@code
 * X-HubSpot-Request-Timestamp}. Requests older than five minutes are refused (replay protection),
 * and signatures are compared in constant time.
 */
public final class HubSpotWebhooks {
  /** How old a signed request may be. */
  public static final Duration MAX_AGE = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What happened to a record. */
  public enum Kind {
    CREATED,
    CHANGED,
    DELETED,
    RESTORED,
    MERGED,
    ASSOCIATION_CHANGED
  }

  /**
   * One event of a batch.
   *
   * @param propertyName the changed property for {@link Kind#CHANGED}, else null
   * @param occurredAt when it happened, epoch ms
   */
  public record Event(
      ObjectType type, String objectId, Kind kind, String propertyName, long occurredAt) {}

  private final byte[] secret;
  private final Clock clock;

  /**
   * @param clientSecret the HubSpot app's client secret
   */
  public HubSpotWebhooks(String clientSecret, Clock clock) {
    this.secret =
        Objects.requireNonNull(clientSecret, "clientSecret").getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** The clock that decides a request's age. */
  Clock clock() {
    return clock;
  }

  /**
   * The verifier of a configured HubSpot app, keyed with its {@code client-secret}.
   *
   * @throws dev.tandem.core.spi.ConfigException when the app has no client secret
   */
  public static HubSpotWebhooks forAccount(dev.tandem.core.spi.AccountConfig config, Clock clock) {
    return new HubSpotWebhooks(config.require("client-secret"), clock);
  }

  /**
   * Whether a request is a genuine, recent HubSpot webhook.
   *
   * @param uri the full URL the request was sent to, as HubSpot saw it (scheme, host, path, query)
   * @param signature the {@code X-HubSpot-Signature-v3} header
   * @param timestamp the {@code X-HubSpot-Request-Timestamp} header
   */
  public boolean verify(
      String method, String uri, String body, String signature, String timestamp) {
    if (signature == null || timestamp == null || method == null || uri == null) {
      return false;
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    long age = clock.millis() - ts;
    if (age > MAX_AGE.toMillis() || age < -MAX_AGE.toMillis()) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    String b = body == null ? "" : body;
    // HubSpot signs the URI with URL-encoded characters decoded; accept either spelling.
    boolean ok = MessageDigest.isEqual(given, sign(method + uri + b + timestamp.trim()));
    String decoded = URLDecoder.decode(uri.replace("+", "%2B"), StandardCharsets.UTF_8);
    ok |= MessageDigest.isEqual(given, sign(method + decoded + b + timestamp.trim()));
    return ok;
  }

  private byte[] sign(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * The events of a batch, in the order sent (HubSpot does not order them, and may repeat one).
   * Events of other object types or kinds are left out.
   *
   * @throws IllegalArgumentException when the body is not a HubSpot event array
   */
  public List<Event> parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      throw new IllegalArgumentException("HubSpot webhook body is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("HubSpot webhook body must be a JSON array of events");
    }
    List<Event> out = new ArrayList<>();
    for (JsonNode e : root) {
      String sub = e.path("subscriptionType").asText("");
      int dot = sub.indexOf('.');
      if (dot < 0 || !e.hasNonNull("objectId")) {
        throw new IllegalArgumentException(
            "HubSpot webhook event lacks subscriptionType or objectId: " + e);
      }
      ObjectType type =
          switch (sub.substring(0, dot)) {
            case "contact" -> ObjectType.CONTACT;
            case "company" -> ObjectType.COMPANY;
            case "deal" -> ObjectType.DEAL;
            default -> null;
          };
      Kind kind =
          switch (sub.substring(dot + 1)) {
            case "creation" -> Kind.CREATED;
            case "propertyChange" -> Kind.CHANGED;
            case "deletion", "privacyDeletion" -> Kind.DELETED;
            case "restore" -> Kind.RESTORED;
            case "merge" -> Kind.MERGED;
            case "associationChange" -> Kind.ASSOCIATION_CHANGED;
            default -> null;
          };
      if (type != null && kind != null) {
        out.add(
            new Event(
                type,
                e.get("objectId").asText(),
                kind,
                e.hasNonNull("propertyName") ? e.get("propertyName").asText() : null,
                e.path("occurredAt").asLong(0)));
      }
    }
    return out;
  }
}
