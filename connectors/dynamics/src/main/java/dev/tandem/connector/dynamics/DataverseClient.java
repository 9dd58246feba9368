package dev.tandem.connector.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.RateLimitedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * HTTP to the Dataverse Web API: adds the OData and auth headers, reports every request to the
 * meter, renews a refused OAuth token once, and turns failures of a whole call into {@link
 * ConnectorException}s with a readable reason.
 */
final class DataverseClient {
  /** A response: status, headers and body. */
  record Reply(int status, HttpResponse<String> raw) {
    String body() {
      return raw.body();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private final String app;
  private final DynamicsSettings settings;
  private final ConnectorContext context;
  private final ObjectMapper json;
  private final HttpClient http;
  private final TokenProvider tokens;
  private final String basePath;

  DataverseClient(
      String app, DynamicsSettings settings, ConnectorContext context, ObjectMapper json) {
    this.app = app;
    this.settings = settings;
    this.context = context;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    this.tokens = new TokenProvider(app, settings, http, json, context.meter(), context.clock());
    this.basePath = URI.create(settings.url()).getPath();
  }

  String base() {
    return settings.url();
  }

  /**
   * Sends a request and returns the response whatever its status, except that a 401 with a
   * renewable token is retried once with a new token.
   *
   * @param template the path below the service root for the meter, e.g. {@code contacts}
   */
  Reply send(String method, String url, String template, String body, List<String> headers) {
    Reply r = once(method, url, template, body, headers);
    if (r.status() == 401 && tokens.renewable()) {
      tokens.invalidate();
      r = once(method, url, template, body, headers);
    }
    return r;
  }

  private Reply once(
      String method, String url, String template, String body, List<String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofMinutes(3))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    b.header("Authorization", "Bearer " + tokens.token());
    b.header("OData-MaxVersion", "4.0");
    b.header("OData-Version", "4.0");
    b.header("Accept", "application/json");
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      b.header(headers.get(i), headers.get(i + 1));
    }
    context.meter().call(method + " " + basePath + "/" + template);
    try {
      HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new ConnectorException(
          prefix() + "cannot reach " + settings.url() + " (" + e.getMessage() + ")", true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(prefix() + "interrupted", true, e);
    }
  }

  /** Throws the exception a failed whole call stands for; returns the reply when it succeeded. */
  Reply check(Reply r, String what) {
    int s = r.status();
    if (s >= 200 && s < 300) {
      return r;
    }
    String reason = reason(r);
    if (s == 429) {
      throw new RateLimitedException(
          prefix() + "service protection limit reached while " + what + ": " + reason,
          retryAfter(r),
          false);
    }
    if (s == 401) {
      throw new ConnectorException(
          prefix()
              + "Dataverse refused the credentials (401) while "
              + what
              + ": "
              + reason
              + (tokens.renewable()
                  ? "; check that the app registration is an application user of the environment"
                  : "; the static 'token' is not valid or has expired"),
          false);
    }
    if (s == 403) {
      throw new ConnectorException(
          prefix() + "permission denied (403) while " + what + ": " + reason, false);
    }
    throw new ConnectorException(
        prefix() + what + " failed (HTTP " + s + "): " + reason, s >= 500 || s == 408);
  }

  /** The {@code Retry-After} of a 429, in seconds; five seconds when it is missing. */
  static Duration retryAfter(Reply r) {
    String h = r.header("Retry-After");
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(h.trim())));
    } catch (RuntimeException e) {
      return Duration.ofSeconds(5);
    }
  }

  /** The Dataverse error message and code of a body, or the status when it has none. */
  String reason(Reply r) {
    return reason(r.status(), r.body());
  }

  String reason(int status, String body) {
    try {
      JsonNode e = json.readTree(body).path("error");
      if (e.hasNonNull("message")) {
        String code = e.path("code").asText("");
        return e.get("message").asText() + (code.isEmpty() ? "" : " (code " + code + ")");
      }
    } catch (IOException | RuntimeException ignored) {
      // Not JSON: fall through to the status.
    }
    String snippet = body == null ? "" : body.strip();
    return "HTTP "
        + status
        + (snippet.isEmpty() ? "" : ": " + snippet.substring(0, Math.min(200, snippet.length())));
  }

  /** The Dataverse error code of a body ({@code 0x80044352}, …), or "". */
  String code(String body) {
    try {
      return json.readTree(body).path("error").path("code").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  String prefix() {
    return "app '" + app + "' (dynamics): ";
  }
}
