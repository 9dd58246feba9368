package dev.tandem.server;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A small JSON client for the tests: real HTTP on loopback. */
final class Http {
  private final HttpClient client;
  private final String base;
  private final String authorization;
  private final Map<String, String> headers;

  private Http(HttpClient client, String base, String authorization, Map<String, String> headers) {
    this.client = client;
    this.base = base;
    this.authorization = authorization;
    this.headers = headers;
  }

  static Http anonymous(String base) {
    return new Http(HttpClient.newHttpClient(), base, null, Map.of());
  }

  static Http anonymous(HttpClient client, String base) {
    return new Http(client, base, null, Map.of());
  }

  Http basic(String user, String password) {
    String v =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new Http(client, base, "Basic " + v, headers);
  }

  Http bearer(String token) {
    return new Http(client, base, "Bearer " + token, headers);
  }

  Http withHeaders(Map<String, String> extra) {
    return new Http(client, base, authorization, extra);
  }

  record Response(int status, String body, HttpResponse<String> raw) {
    Map<String, Object> json() {
      try {
        return Json.MAPPER.readValue(body, new TypeReference<>() {});
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items() {
      return (List<Map<String, Object>>) json().get("items");
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  Response post(String path, Object body) {
    return send("POST", path, body);
  }

  Response put(String path, Object body) {
    return send("PUT", path, body);
  }

  Response send(String method, String path, Object body) {
    String text = body == null ? "" : body instanceof String s ? s : Json.write(body);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.ofString(text))
            .header("Content-Type", "application/json");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
