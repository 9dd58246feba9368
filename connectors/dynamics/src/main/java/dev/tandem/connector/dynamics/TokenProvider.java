package dev.tandem.connector.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.spi.ApiMeter;
import dev.tandem.core.spi.ConnectorException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The bearer token for Dataverse requests: a static one from the config, or one obtained with the
 * OAuth 2.0 client-credentials grant from the Microsoft identity platform, cached and renewed
 * before it expires (five minutes before, or halfway through a shorter lifetime).
 */
final class TokenProvider {
  private final String app;
  private final DynamicsSettings settings;
  private final HttpClient http;
  private final ObjectMapper json;
  private final ApiMeter meter;
  private final Clock clock;
  private String token;
  private Instant renewAt = Instant.MIN;

  TokenProvider(
      String app,
      DynamicsSettings settings,
      HttpClient http,
      ObjectMapper json,
      ApiMeter meter,
      Clock clock) {
    this.app = app;
    this.settings = settings;
    this.http = http;
    this.json = json;
    this.meter = meter;
    this.clock = clock;
    this.token = settings.token();
  }

  boolean renewable() {
    return settings.token() == null;
  }

  /** The current token, fetching a new one first when none is cached or it is about to expire. */
  synchronized String token() {
    if (renewable() && (token == null || !clock.instant().isBefore(renewAt))) {
      fetch();
    }
    return token;
  }

  /** Forgets the cached token (the API refused it), so the next call fetches a new one. */
  synchronized void invalidate() {
    if (renewable()) {
      token = null;
    }
  }

  private void fetch() {
    String form =
        "grant_type=client_credentials&client_id="
            + enc(settings.clientId())
            + "&client_secret="
            + enc(settings.clientSecret())
            + "&scope="
            + enc(settings.scope());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(settings.tokenUrl()))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    // The tenant is a segment of the path: count every tenant's endpoint under one template.
    meter.call(
        "POST "
            + URI.create(settings.tokenUrl())
                .getPath()
                .replaceFirst("^/[^/]+/oauth2/", "/{tenant}/oauth2/"));
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ConnectorException(
          "app '"
              + app
              + "' (dynamics): cannot reach the token endpoint "
              + settings.tokenUrl()
              + ": "
              + e.getMessage(),
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          "app '" + app + "' (dynamics): interrupted while getting a token", true, e);
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      body = json.createObjectNode();
    }
    if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
      String reason =
          body.hasNonNull("error_description")
              ? body.get("error").asText()
                  + ": "
                  + firstLine(body.get("error_description").asText())
              : "HTTP " + response.statusCode();
      throw new ConnectorException(
          "app '"
              + app
              + "' (dynamics): the token endpoint refused the client credentials of client '"
              + settings.clientId()
              + "' ("
              + reason
              + "); check 'client-id', 'client-secret', 'token-url' and 'scope'",
          response.statusCode() >= 500);
    }
    token = body.get("access_token").asText();
    long expiresIn = body.path("expires_in").asLong(3599);
    long margin = Math.min(300, expiresIn / 2);
    renewAt = clock.instant().plusSeconds(expiresIn - margin);
  }

  private static String firstLine(String s) {
    int i = s.indexOf("\r\n");
    return i < 0 ? s : s.substring(0, i);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
