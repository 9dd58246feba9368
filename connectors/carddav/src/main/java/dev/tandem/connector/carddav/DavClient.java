package dev.tandem.connector.carddav;

import dev.tandem.core.spi.ApiMeter;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.RateLimitedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends WebDAV requests with Basic auth, reports each to the {@link ApiMeter}, and turns failures
 * that concern the whole server (unreachable, bad credentials, rate limits) into {@link
 * ConnectorException}s. Other statuses are the caller's to interpret.
 */
final class DavClient {
  /** Requests in flight at once for a batch of writes. */
  static final int PARALLEL = 8;

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** Made on first use (see {@link #http()}). */
  private volatile HttpClient http;

  private final String authorization;
  private final ApiMeter meter;

  record Response(int status, byte[] body, Map<String, List<String>> headers) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    String bodyText() {
      String s = new String(body, StandardCharsets.UTF_8).strip();
      return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
  }

  /** One request, described so it can be sent alone or in a parallel batch. */
  record Call(String method, URI uri, String meterKind, Map<String, String> headers, String body) {}

  DavClient(String username, String password, ApiMeter meter) {
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.meter = meter;
  }

  /**
   * The HTTP client, made on the first request rather than with the connector: making one (its
   * selector thread, its settings) is a noticeable part of a short run, and the first request is
   * often sent on a thread of its own while the other app is read.
   */
  private HttpClient http() {
    HttpClient h = http;
    if (h == null) {
      synchronized (this) {
        h = http;
        if (h == null) {
          h =
              HttpClient.newBuilder()
                  .connectTimeout(Duration.ofSeconds(20))
                  .followRedirects(HttpClient.Redirect.NORMAL)
                  .sslContext(new LazyTls())
                  .sslParameters(LazyTls.parameters())
                  .build();
          http = h;
        }
      }
    }
    return h;
  }

  Response send(Call call) {
    meter.call(call.method() + " " + call.meterKind());
    try {
      try {
        return checked(
            call, toResponse(http().send(request(call), HttpResponse.BodyHandlers.ofByteArray())));
      } catch (IOException e) {
        if (!staleConnection(e)) {
          throw e;
        }
        return checked(
            call, toResponse(http().send(request(call), HttpResponse.BodyHandlers.ofByteArray())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("interrupted while talking to the CardDAV server", true, e);
    } catch (IOException e) {
      throw unreachable(call, e);
    }
  }

  /** Sends the calls with a few in flight at once; answers in the order given. */
  List<Response> sendAll(List<Call> calls) {
    List<Response> out = new ArrayList<>();
    for (int i = 0; i < calls.size(); i += PARALLEL) {
      List<Call> wave = calls.subList(i, Math.min(calls.size(), i + PARALLEL));
      List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
      for (Call c : wave) {
        meter.call(c.method() + " " + c.meterKind());
        futures.add(http().sendAsync(request(c), HttpResponse.BodyHandlers.ofByteArray()));
      }
      for (int j = 0; j < wave.size(); j++) {
        try {
          out.add(checked(wave.get(j), toResponse(futures.get(j).join())));
        } catch (CompletionException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          IOException io = cause instanceof IOException x ? x : new IOException(cause);
          if (!staleConnection(io)) {
            throw unreachable(wave.get(j), io);
          }
          out.add(resend(wave.get(j)));
        }
      }
    }
    return out;
  }

  private Response resend(Call call) {
    try {
      return checked(
          call, toResponse(http().send(request(call), HttpResponse.BodyHandlers.ofByteArray())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("interrupted while talking to the CardDAV server", true, e);
    } catch (IOException e) {
      throw unreachable(call, e);
    }
  }

  /**
   * Whether a request failed on a pooled connection the server had already closed, before the
   * server read it (HTTP/1.0 servers such as Radicale's close after each answer). Such a request is
   * sent once more on a new connection.
   */
  private static boolean staleConnection(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("received no bytes") || m.contains("Connection reset");
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(call.uri())
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .method(
                call.method(),
                call.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
    call.headers().forEach(b::header);
    return b.build();
  }

  private static Response toResponse(HttpResponse<byte[]> r) {
    return new Response(
        r.statusCode(), r.body() == null ? new byte[0] : r.body(), r.headers().map());
  }

  private static Response checked(Call call, Response r) {
    if (r.status() == 401) {
      throw new ConnectorException(
          "CardDAV server rejected the username or password (401 from " + call.uri() + ")", false);
    }
    if (r.status() == 429 || (r.status() == 503 && r.header("Retry-After") != null)) {
      throw new RateLimitedException(
          "CardDAV server at " + call.uri().getHost() + " asks to slow down (" + r.status() + ")",
          retryAfter(r.header("Retry-After")),
          false);
    }
    return r;
  }

  private static Duration retryAfter(String header) {
    if (header != null) {
      try {
        return Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
      } catch (NumberFormatException e) {
        // an HTTP date: wait a sensible while instead of parsing it
      }
    }
    return Duration.ofSeconds(30);
  }

  private static ConnectorException unreachable(Call call, IOException e) {
    String why =
        e instanceof HttpTimeoutException
            ? "it did not answer in time"
            : e instanceof ConnectException
                ? "the connection was refused"
                : String.valueOf(e.getMessage() == null ? e : e.getMessage());
    return new ConnectorException(
        "cannot reach the CardDAV server at "
            + call.uri().getScheme()
            + "://"
            + call.uri().getAuthority()
            + ": "
            + why,
        true,
        e);
  }

  /** A non-success answer to a request that concerns the whole address book. */
  static ConnectorException failure(Call call, Response r) {
    String what = call.method() + " " + call.uri().getRawPath();
    if (r.status() == 404) {
      return new ConnectorException(
          "CardDAV server has nothing at " + call.uri() + " (404 for " + what + ")", false);
    }
    if (r.status() == 403) {
      return new ConnectorException(
          "CardDAV server refused " + what + " (403 Forbidden): the user may not access it", false);
    }
    return new ConnectorException(
        "CardDAV server answered " + r.status() + " to " + what + ": " + r.bodyText(),
        r.status() >= 500);
  }
}
