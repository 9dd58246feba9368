package dev.tandem.connector.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.RateLimitedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * HTTP to HubSpot: bearer auth (private-app token or OAuth with refresh-token rotation), the
 * client-side rate limits (the account's ten-secondly tier, and 5 per second for search), metering
 * of every request, and the mapping of whole-call failures (401, 403, 429, 5xx, network) to
 * exceptions. Other 4xx answers are returned for the caller to interpret.
 */
final class HubSpotClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A response the caller interprets: 2xx, 207, or a 4xx other than 401/403/429. */
  record Response(int status, JsonNode body, HttpHeaders headers) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    String message() {
      String m = body.path("message").asText("");
      return m.isEmpty() ? "HTTP " + status : m;
    }
  }

  private final HubSpotSettings settings;
  private final ConnectorContext context;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final RequestLimiter limiter;
  private final RequestLimiter searchLimiter = new RequestLimiter(5, 1000);
  private String accessToken;
  private String refreshToken;
  private Instant accessExpires = Instant.MIN;

  HubSpotClient(HubSpotSettings settings, ConnectorContext context) {
    this.settings = settings;
    this.context = context;
    this.limiter = new RequestLimiter(settings.rateLimit(), 10_000);
    this.accessToken = settings.token();
    this.refreshToken = settings.refreshToken();
  }

  java.time.Clock clock() {
    return context.clock();
  }

  String baseUrl() {
    return settings.url();
  }

  /** The refresh token to use next (HubSpot may rotate it on each refresh). */
  synchronized String currentRefreshToken() {
    return refreshToken;
  }

  Response get(String template, String path) {
    return send("GET", template, path, null, false);
  }

  Response send(String method, String template, String path, Object body) {
    return send(method, template, path, body, false);
  }

  /** A search request: limited to 5 per second, and answered without rate-limit headers. */
  Response search(String template, String path, Object body) {
    return send("POST", template, path, body, true);
  }

  private Response send(String method, String template, String path, Object body, boolean search) {
    for (int attempt = 0; ; attempt++) {
      RequestLimiter window = search ? searchLimiter : limiter;
      RequestLimiter.Slot slot = window.acquire();
      context.meter().call(method + " " + template);
      String token = bearer();
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(settings.url() + path))
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + token)
              .header("Accept", "application/json");
      if (body == null) {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        req.header("Content-Type", "application/json;charset=utf-8")
            .method(
                method, HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
      }
      Response r;
      try {
        r = exchange(req.build(), method + " " + template);
      } finally {
        window.completed(slot);
      }
      if (r.status() == 401 && settings.oauth() && attempt == 0) {
        // An access token can expire between our check and HubSpot's; refresh once and retry.
        synchronized (this) {
          accessExpires = Instant.MIN;
        }
        continue;
      }
      return check(r, method + " " + template);
    }
  }

  private Response exchange(HttpRequest req, String what) {
    try {
      HttpResponse<String> res =
          http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(res.statusCode(), parse(res.body()), res.headers());
    } catch (IOException e) {
      throw new ConnectorException(
          "cannot reach HubSpot at " + settings.url() + " (" + what + "): " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("interrupted while calling HubSpot (" + what + ")", true, e);
    }
  }

  private Response check(Response r, String what) {
    int s = r.status();
    if (s == 401) {
      throw new ConnectorException("HubSpot rejected the token (401): " + r.message(), false);
    }
    if (s == 403) {
      throw new ConnectorException(
          "HubSpot refused access (403) to "
              + what
              + ": "
              + r.message()
              + " (does the app have the CRM scopes for contacts, companies and deals?)",
          false);
    }
    if (s == 429) {
      throw rateLimited(r);
    }
    if (s >= 500) {
      throw new ConnectorException(
          "HubSpot answered " + s + " for " + what + ": " + r.message(), true);
    }
    return r;
  }

  private RateLimitedException rateLimited(Response r) {
    String policy = r.body().path("policyName").asText("");
    String message =
        "HubSpot rate limit reached (" + (policy.isEmpty() ? "429" : policy) + "): " + r.message();
    if (policy.equals("DAILY")) {
      // The daily quota resets at midnight in the account's time zone; UTC unless told otherwise.
      Instant now = context.clock().instant();
      Instant midnight =
          LocalDate.ofInstant(now, ZoneOffset.UTC)
              .plusDays(1)
              .atStartOfDay(ZoneOffset.UTC)
              .toInstant();
      return new RateLimitedException(
          message + "; the daily API quota is used up until midnight UTC",
          Duration.between(now, midnight),
          true);
    }
    Duration wait;
    String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
    if (retryAfter != null && retryAfter.matches("\\d+")) {
      wait = Duration.ofSeconds(Long.parseLong(retryAfter));
    } else if (policy.equals("SECONDLY")) {
      wait = Duration.ofSeconds(1);
    } else {
      long interval =
          r.headers()
              .firstValue("X-HubSpot-RateLimit-Interval-Milliseconds")
              .map(Long::parseLong)
              .orElse(10_000L);
      wait = Duration.ofMillis(interval);
    }
    return new RateLimitedException(message, wait, false);
  }

  private synchronized String bearer() {
    if (!settings.oauth()) {
      return accessToken;
    }
    if (accessToken == null || context.clock().instant().isAfter(accessExpires)) {
      refresh();
    }
    return accessToken;
  }

  /** Exchanges the refresh token for an access token, keeping the rotated refresh token. */
  private void refresh() {
    String form =
        "grant_type=refresh_token&client_id="
            + enc(settings.clientId())
            + "&client_secret="
            + enc(settings.clientSecret())
            + "&refresh_token="
            + enc(refreshToken);
    context.meter().call("POST /oauth/v1/token");
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(settings.url() + "/oauth/v1/token"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    Response r = exchange(req, "POST /oauth/v1/token");
    if (r.status() >= 500 || r.status() == 429) {
      check(r, "POST /oauth/v1/token");
    }
    if (!r.ok() || !r.body().hasNonNull("access_token")) {
      String status = r.body().path("status").asText("HTTP " + r.status());
      throw new ConnectorException(
          "HubSpot refused the OAuth refresh token ("
              + status
              + "): "
              + r.message()
              + "; reconnect the HubSpot app to get a new refresh token",
          false);
    }
    accessToken = r.body().get("access_token").asText();
    if (r.body().hasNonNull("refresh_token")) {
      refreshToken = r.body().get("refresh_token").asText();
    }
    long expiresIn = r.body().path("expires_in").asLong(1800);
    // Refresh a minute early so that a token never expires in flight.
    accessExpires = context.clock().instant().plusSeconds(Math.max(0, expiresIn - 60));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode()
          .put("message", body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }
  }
}
