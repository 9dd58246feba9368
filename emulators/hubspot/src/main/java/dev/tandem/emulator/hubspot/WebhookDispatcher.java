package dev.tandem.emulator.hubspot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers changes the way HubSpot's webhooks do: JSON arrays of at most 100 events, POSTed with an
 * {@code X-HubSpot-Signature-v3} header (Base64 HMAC-SHA256 of method + URI + body + timestamp,
 * keyed with the app's client secret) and {@code X-HubSpot-Request-Timestamp}; flushed every 100 ms
 * or at 100 events; a failed batch is retried with exponential backoff a bounded number of times,
 * with {@code attemptNumber} counting up.
 */
final class WebhookDispatcher implements Consumer<WebhookEvent>, AutoCloseable {
  static final int MAX_BATCH = 100;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final String url;
  private final String clientSecret;
  private final long portalId;
  private final int appId;
  private final int maxAttempts;
  private final long firstRetryMs;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "hubspot-emulator-webhooks");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong eventIds = new AtomicLong(1);
  private final List<Map<String, Object>> pending = new ArrayList<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  WebhookDispatcher(
      String url,
      String clientSecret,
      long portalId,
      int appId,
      int maxAttempts,
      long firstRetryMs) {
    this.url = url;
    this.clientSecret = clientSecret;
    this.portalId = portalId;
    this.appId = appId;
    this.maxAttempts = maxAttempts;
    this.firstRetryMs = firstRetryMs;
    scheduler.scheduleWithFixedDelay(this::flush, 100, 100, TimeUnit.MILLISECONDS);
  }

  @Override
  public void accept(WebhookEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("eventId", eventIds.getAndIncrement());
    m.put("subscriptionId", subscriptionId(e.subscriptionType()));
    m.put("portalId", portalId);
    m.put("appId", appId);
    m.put("occurredAt", e.occurredAt());
    m.put("subscriptionType", e.subscriptionType());
    m.put("attemptNumber", 0);
    m.put("objectId", e.objectId());
    m.put("changeSource", "CRM");
    if (e.propertyName() != null) {
      m.put("propertyName", e.propertyName());
      m.put("propertyValue", e.propertyValue());
    }
    if (e.subscriptionType().endsWith(".creation")) {
      m.put("changeFlag", "NEW");
    } else if (e.subscriptionType().endsWith(".deletion")) {
      m.put("changeFlag", "DELETED");
    }
    if (e.associationType() != null) {
      m.put("associationType", e.associationType());
      m.put("fromObjectId", e.objectId());
      m.put("toObjectId", e.toObjectId());
      m.put("associationRemoved", e.associationRemoved());
      m.put("isPrimaryAssociation", e.primary());
    }
    boolean full;
    synchronized (pending) {
      pending.add(m);
      full = pending.size() >= MAX_BATCH;
    }
    if (full) {
      scheduler.execute(this::flush);
    }
  }

  private static int subscriptionId(String type) {
    return 1000 + Math.floorMod(type.hashCode(), 9000);
  }

  private void flush() {
    while (true) {
      List<Map<String, Object>> batch;
      synchronized (pending) {
        if (pending.isEmpty()) {
          return;
        }
        int n = Math.min(MAX_BATCH, pending.size());
        batch = new ArrayList<>(pending.subList(0, n));
        pending.subList(0, n).clear();
      }
      send(batch, 0);
    }
  }

  private void send(List<Map<String, Object>> batch, int attempt) {
    for (Map<String, Object> e : batch) {
      e.put("attemptNumber", attempt);
    }
    String body = Json.write(batch);
    String timestamp = Long.toString(System.currentTimeMillis());
    boolean ok;
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("X-HubSpot-Signature-v3", sign(clientSecret, "POST", url, body, timestamp))
              .header("X-HubSpot-Request-Timestamp", timestamp)
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
      int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      ok = status >= 200 && status < 300;
    } catch (java.io.IOException e) {
      ok = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (ok) {
      delivered.addAndGet(batch.size());
      return;
    }
    failures.incrementAndGet();
    if (attempt + 1 >= maxAttempts) {
      LOG.warn(
          "webhook batch of {} events dropped after {} attempts to {}",
          batch.size(),
          maxAttempts,
          url);
      return;
    }
    long delay = firstRetryMs << attempt;
    scheduler.schedule(() -> send(batch, attempt + 1), delay, TimeUnit.MILLISECONDS);
  }

  void clearPending() {
    synchronized (pending) {
      pending.clear();
    }
  }

  Map<String, Object> stats() {
    synchronized (pending) {
      return Map.of(
          "delivered",
          delivered.get(),
          "failedAttempts",
          failures.get(),
          "pending",
          pending.size());
    }
  }

  /** Base64(HMAC-SHA256(secret, method + uri + body + timestamp)), HubSpot's v3 signature. */
  static String sign(String secret, String method, String uri, String body, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal((method + uri + body + timestamp).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sig);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
