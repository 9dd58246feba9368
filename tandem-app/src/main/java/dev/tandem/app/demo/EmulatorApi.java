package dev.tandem.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A minimal JSON client for an emulator's public API, as a user's script would call it: a bearer
 * token and plain HTTP. The demo seeds and edits records through it, so what it does is what a curl
 * command against the emulator does.
 */
public final class EmulatorApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public EmulatorApi(String base, String token) {
    this.base = base;
    this.token = token;
  }

  public String base() {
    return base;
  }

  public String token() {
    return token;
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  public JsonNode patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /**
   * Sends one request and returns the JSON answer (an empty object for no content).
   *
   * @throws IllegalStateException naming the request and the API's answer when it is not a 2xx
   */
  public JsonNode send(String method, String path, Object body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .header("Accept", "application/json")
              // Dataverse answers a create with the row (and its id) only when asked to.
              .header("Prefer", "return=representation");
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      HttpRequest request = b.build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      // The demo's own calls share the apps' rate limits with Tandem's (HubSpot allows five
      // searches a second): wait as the app says and try again, as a polite script would.
      for (int attempt = 1; r.statusCode() == 429 && attempt <= 5; attempt++) {
        long seconds = r.headers().firstValue("Retry-After").map(EmulatorApi::seconds).orElse(1L);
        Thread.sleep(Math.max(1, seconds) * 1000);
        r = http.send(request, HttpResponse.BodyHandlers.ofString());
      }
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + base + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + base + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + base + path + " was interrupted", e);
    }
  }

  private static long seconds(String retryAfter) {
    try {
      return Long.parseLong(retryAfter.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
