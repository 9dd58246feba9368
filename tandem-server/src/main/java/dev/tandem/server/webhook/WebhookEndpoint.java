package dev.tandem.server.webhook;

import dev.tandem.core.model.Side;
import dev.tandem.core.spi.ChangeNotice;
import dev.tandem.core.spi.WebhookReceiver;
import dev.tandem.core.spi.WebhookRejectedException;
import dev.tandem.core.spi.WebhookRequest;
import dev.tandem.engine.service.SyncControl;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives apps' webhooks at {@code POST /webhooks/{connection}/{side}} ({@code side} is {@code a}
 * or {@code b}): the side's app checks the request (signature, age) and names the records, the sync
 * service is told, and the app gets its answer at once ({@code 204}); the records are synced on the
 * service's threads. Answers: {@code 404} for an unknown side, or when the connection is unknown or
 * its app on that side receives no webhooks (the body says which to check); {@code 401} for a
 * request the app's receiver refuses (unsigned, forged, replayed), logged as a warning with the
 * connection and the reason — nothing is synced from it.
 *
 * <p>Signatures cover the URL the app sent the request to; behind a reverse proxy that is
 * reconstructed from {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} (else the request's
 * scheme and {@code Host}), so the proxy must set them, or pass the original {@code Host} on.
 *
 * <p>No authentication beyond the signature: apps cannot log in. Mount it with {@link #install}.
 */
public final class WebhookEndpoint implements Handler {
  /** The route. */
  public static final String PATH = "/webhooks/{connection}/{side}";

  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);

  /** What became of a delivery, for metrics. */
  public enum Outcome {
    /** Verified; its notices went to the sync service. */
    ACCEPTED,
    /** Refused by the app's receiver (401). */
    REJECTED,
    /** No such side, connection or receiver (404). */
    NOT_FOUND
  }

  /** Hears every delivery, e.g. for a latency histogram. Called on the request thread; be quick. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param connection the connection id from the URL
     * @param side the side from the URL, as given
     * @param outcome what became of the delivery
     * @param handling the time from the request's arrival to its answer
     * @param notices how many records it named (0 unless accepted)
     */
    void delivered(String connection, String side, Outcome outcome, Duration handling, int notices);

    Listener NONE = (connection, side, outcome, handling, notices) -> {};
  }

  private final SyncControl control;
  private final Listener listener;

  public WebhookEndpoint(SyncControl control, Listener listener) {
    this.control = control;
    this.listener = listener;
  }

  /** Mounts the endpoint: {@code Javalin.create(config -> WebhookEndpoint.install(config, …))}. */
  public static void install(JavalinConfig config, SyncControl control, Listener listener) {
    config.routes.post(PATH, new WebhookEndpoint(control, listener));
  }

  @Override
  public void handle(Context ctx) {
    long started = System.nanoTime();
    String connection = ctx.pathParam("connection");
    String sideParam = ctx.pathParam("side");
    Outcome outcome = Outcome.NOT_FOUND;
    int count = 0;
    try {
      Side side =
          switch (sideParam) {
            case "a" -> Side.A;
            case "b" -> Side.B;
            default -> null;
          };
      if (side == null) {
        ctx.status(404).result("unknown side '" + sideParam + "': use a or b");
        return;
      }
      Optional<WebhookReceiver> receiver = control.webhooks(connection, side);
      if (receiver.isEmpty()) {
        ctx.status(404)
            .result(
                "no webhook receiver for connection '"
                    + connection
                    + "' side "
                    + side.label()
                    + ": the connection does not exist, or its app on that side sends no webhooks"
                    + " or is not set up for them (HubSpot: set the app's client-secret)");
        return;
      }
      List<ChangeNotice> notices;
      try {
        notices = receiver.get().receive(request(ctx));
      } catch (WebhookRejectedException e) {
        outcome = Outcome.REJECTED;
        log.warn(
            "webhook for connection {} side {} refused: {}",
            connection,
            side.label(),
            e.getMessage());
        ctx.status(401).result("webhook refused: " + e.getMessage());
        return;
      }
      outcome = Outcome.ACCEPTED;
      count = notices.size();
      control.notify(connection, side, notices);
      ctx.status(204);
    } finally {
      listener.delivered(
          connection, sideParam, outcome, Duration.ofNanos(System.nanoTime() - started), count);
    }
  }

  /** The request as the app sent it, with the URL it signed. */
  static WebhookRequest request(Context ctx) {
    Map<String, String> headers = new HashMap<>();
    ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    return new WebhookRequest(
        ctx.method().name().toUpperCase(Locale.ROOT),
        publicUrl(ctx, headers),
        headers,
        ctx.bodyAsBytes());
  }

  /** The URL the app addressed: scheme and host as a proxy in front reports them. */
  static String publicUrl(Context ctx, Map<String, String> headers) {
    String scheme = first(headers.get("x-forwarded-proto"));
    if (scheme == null) {
      scheme = ctx.scheme();
    }
    String host = first(headers.get("x-forwarded-host"));
    if (host == null) {
      host = headers.get("host");
    }
    if (host == null) {
      host = ctx.host();
    }
    String query = ctx.queryString();
    return scheme.toLowerCase(Locale.ROOT)
        + "://"
        + host
        + ctx.path()
        + (query == null || query.isEmpty() ? "" : "?" + query);
  }

  /** The first of a comma-separated list of values (proxies append theirs), or null. */
  private static String first(String value) {
    if (value == null) {
      return null;
    }
    int comma = value.indexOf(',');
    String v = (comma < 0 ? value : value.substring(0, comma)).trim();
    return v.isEmpty() ? null : v;
  }
}
