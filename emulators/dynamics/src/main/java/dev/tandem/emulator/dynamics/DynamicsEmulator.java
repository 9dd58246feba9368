package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An emulator of the Microsoft Dataverse Web API (Dynamics 365), faithful to Microsoft's public
 * documentation: the {@code contacts}, {@code accounts} and {@code opportunities} entity sets under
 * {@code /api/data/v9.2}, OData queries and paging, upsert semantics and etags, change tracking
 * with delta links, {@code $batch} with change sets, the service protection limits, and the
 * Microsoft identity platform's client-credentials token endpoint.
 *
 * <p>Test-only control under {@code /_emulator/}: {@code GET stats}, {@code POST reset}, {@code
 * POST faults}, {@code POST limits}, {@code POST expire-delta-tokens}, {@code POST
 * revoke-access-tokens}.
 *
 * <p>Thread-safe; in memory; one instance per port.
 */
public final class DynamicsEmulator implements AutoCloseable {
  private static final Pattern TOKEN_PATH = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");

  /** Settings of an emulator. Every setter returns {@code this}. */
  public static final class Options {
    int port;
    String host = "127.0.0.1";
    String token = "dev-token";
    String clientId = "tandem-client";
    String clientSecret = "tandem-secret";
    int contacts;
    int accounts;
    int opportunities;
    long seed = 42;
    int requestLimit = 6000;
    Duration window = Duration.ofSeconds(300);
    int concurrentLimit = 52;
    Duration executionTimeLimit = Duration.ofMinutes(20);
    Duration deltaTokenLifetime = Duration.ofDays(7);
    Duration accessTokenLifetime = Duration.ofSeconds(3599);
    Clock clock = Clock.systemUTC();

    /** The port to listen on; 0 (the default) picks a free one. */
    public Options port(int port) {
      this.port = port;
      return this;
    }

    /** The interface to listen on: {@code 127.0.0.1} (the default) or {@code 0.0.0.0} for all. */
    public Options host(String host) {
      this.host = host;
      return this;
    }

    /** A bearer token accepted as is (for scripts), or null for none. Default {@code dev-token}. */
    public Options token(String token) {
      this.token = token;
      return this;
    }

    /** The one OAuth client the token endpoint knows. */
    public Options client(String id, String secret) {
      this.clientId = id;
      this.clientSecret = secret;
      return this;
    }

    /** Sample records created at start (and again on reset), from a seeded random. */
    public Options seedData(int accounts, int contacts, int opportunities, long seed) {
      this.accounts = accounts;
      this.contacts = contacts;
      this.opportunities = opportunities;
      this.seed = seed;
      return this;
    }

    /** Service protection limits: requests per window per user, and concurrent requests. */
    public Options limits(int requests, Duration window, int concurrent) {
      this.requestLimit = requests;
      this.window = window;
      this.concurrentLimit = concurrent;
      return this;
    }

    /** The combined execution time of a user's requests per window (20 minutes by default). */
    public Options executionTimeLimit(Duration d) {
      this.executionTimeLimit = d;
      return this;
    }

    /** How long a delta token stays valid (Dataverse's default is 7 days). */
    public Options deltaTokenLifetime(Duration d) {
      this.deltaTokenLifetime = d;
      return this;
    }

    /** The {@code expires_in} of issued access tokens (3599 s by default). */
    public Options accessTokenLifetime(Duration d) {
      this.accessTokenLifetime = d;
      return this;
    }

    public Options clock(Clock clock) {
      this.clock = clock;
      return this;
    }
  }

  private final Options options;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, EntitySet> sets = EntitySet.defaults();
  private final DataStore store = new DataStore(sets.keySet());
  private final RequestStats stats = new RequestStats();
  private final Faults faults = new Faults();
  private final DeltaTokens deltaTokens;
  private final ServiceProtection protection;
  private final TokenService tokens;
  private final WebApi api;
  private final BatchProcessor batch;
  private Javalin app;

  /**
   * The scheme and host the current request was sent to: links in responses (next, delta, entity
   * ids) point where the client called, as Dataverse's do.
   */
  private final ThreadLocal<String> requestOrigin = new ThreadLocal<>();

  public DynamicsEmulator(Options options) {
    this.options = options;
    this.deltaTokens = new DeltaTokens(options.clock, options.deltaTokenLifetime);
    this.protection =
        new ServiceProtection(
            options.clock, options.requestLimit, options.window, options.concurrentLimit);
    this.protection.executionLimit(options.executionTimeLimit);
    this.tokens =
        new TokenService(
            json,
            options.clock,
            options.token,
            options.clientId,
            options.clientSecret,
            options.accessTokenLifetime);
    this.api = new WebApi(json, sets, store, deltaTokens, options.clock, this::origin);
    this.batch = new BatchProcessor(api, store, stats::count);
  }

  /** Starts listening and loads the sample data. */
  public DynamicsEmulator start() {
    seed();
    Handler h = this::serve;
    app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.routes.get("/*", h);
              config.routes.post("/*", h);
              config.routes.patch("/*", h);
              config.routes.put("/*", h);
              config.routes.delete("/*", h);
            });
    app.start(options.host, options.port);
    return this;
  }

  public int port() {
    return app.port();
  }

  /** The Web API service root, e.g. {@code http://127.0.0.1:1234/api/data/v9.2}. */
  public String baseUrl() {
    return origin() + WebApi.ROOT;
  }

  /** The token endpoint, for the tenant {@code common}. */
  public String tokenUrl() {
    return origin() + "/common/oauth2/v2.0/token";
  }

  public String clientId() {
    return options.clientId;
  }

  public String clientSecret() {
    return options.clientSecret;
  }

  /** The static bearer token accepted as is, or null. */
  public String token() {
    return options.token;
  }

  /** Requests received so far (each part of a {@code $batch} and the batch itself). */
  public long requestCount() {
    return stats.total();
  }

  /** Requests received so far for one endpoint, e.g. {@code ("GET", "/api/data/v9.2/contacts")}. */
  public long requestCount(String method, String pathTemplate) {
    return stats.count(method, pathTemplate);
  }

  /** Test hook: every delta token issued so far is rejected as expired. */
  public void expireDeltaTokens() {
    deltaTokens.expireAll();
  }

  /** Test hook: every access token issued so far is rejected with a 401. */
  public void revokeAccessTokens() {
    tokens.revokeAll();
  }

  /** Test hook: the next {@code n} API requests get a 429 with {@code Retry-After: seconds}. */
  public void force429(int n, long seconds) {
    faults.retryAfterSeconds = seconds;
    faults.forced429.set(n);
  }

  /** Restores the sample data and forgets stats, faults, delta tokens and rate windows. */
  public void reset(boolean empty) {
    store.clear();
    stats.reset();
    faults.clear();
    protection.reset();
    deltaTokens.expireAll();
    if (!empty) {
      seed();
    }
  }

  public void stop() {
    if (app != null) {
      app.stop();
      app = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private String origin() {
    String fromRequest = requestOrigin.get();
    return fromRequest != null
        ? fromRequest
        : "http://"
            + (options.host.equals("0.0.0.0") ? "127.0.0.1" : options.host)
            + ":"
            + (app == null ? options.port : app.port());
  }

  private void seed() {
    SampleData.load(
        api, json, options.accounts, options.contacts, options.opportunities, options.seed);
  }

  // ---------------------------------------------------------------- HTTP

  private void serve(Context ctx) throws Exception {
    String host = ctx.header("Host");
    requestOrigin.set(host == null || host.isBlank() ? null : ctx.scheme() + "://" + host);
    try {
      serveRequest(ctx);
    } finally {
      requestOrigin.remove();
    }
  }

  private void serveRequest(Context ctx) throws Exception {
    String path = URLDecoder.decode(ctx.path().replace("+", "%2B"), StandardCharsets.UTF_8);
    String method = ctx.method().name();
    ApiResponse resp;
    if (path.startsWith("/_emulator/")) {
      resp = control(method, path.substring("/_emulator/".length()), ctx);
    } else if (TOKEN_PATH.matcher(path).matches() && method.equals("POST")) {
      Matcher m = TOKEN_PATH.matcher(path);
      m.matches();
      stats.count("POST /{tenant}/oauth2/v2.0/token");
      resp = tokens.token(m.group(1), body(ctx));
    } else if (path.equals(WebApi.ROOT) || path.startsWith(WebApi.ROOT + "/")) {
      String sub =
          path.length() <= WebApi.ROOT.length() + 1 ? "" : path.substring(WebApi.ROOT.length() + 1);
      resp = webApi(method, sub, ctx);
    } else {
      resp =
          api.error(
              new DataverseError(
                  404, "0x8006088a", "No HTTP resource was found that matches '" + path + "'."));
    }
    ctx.status(resp.status);
    resp.headers.forEach(ctx::header);
    if (!resp.body.isEmpty()) {
      ctx.result(resp.body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The request body as UTF-8, whatever charset the Content-Type names (multipart names none). */
  private static String body(Context ctx) {
    return new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
  }

  private ApiResponse webApi(String method, String sub, Context ctx) throws InterruptedException {
    stats.count(WebApi.template(method, sub));
    TokenService.Caller caller;
    try {
      caller = tokens.authenticate(ctx.header("Authorization"));
    } catch (DataverseError e) {
      return api.error(e)
          .header(
              "WWW-Authenticate",
              "Bearer authorization_uri="
                  + tokenUrl().replace("/token", "/authorize")
                  + ", resource_id="
                  + origin());
    }
    int remaining;
    try {
      remaining = protection.admit(caller.user());
    } catch (DataverseError e) {
      return api.error(e);
    }
    long started = System.nanoTime();
    try {
      // Latency is spent inside the admitted window, so slow requests pile up as concurrent ones.
      if (faults.latencyMs > 0) {
        Thread.sleep(faults.latencyMs);
      }
      if (faults.throttleNow()) {
        DataverseError e =
            new DataverseError(
                429,
                DataverseError.TOO_MANY_REQUESTS,
                "Number of requests exceeded the limit of 6000 over time window of 300 seconds.");
        e.retryAfterSeconds = faults.retryAfterSeconds;
        return api.error(e);
      }
      if (faults.failNow()) {
        return api.error(
            new DataverseError(faults.errorStatus, "0x80040216", "An unexpected error occurred."));
      }
      Map<String, String> headers = ctx.headerMap();
      ApiRequest request = new ApiRequest(method, sub, ctx.queryString(), headers, body(ctx));
      if (sub.equals("$batch")) {
        if (!method.equals("POST")) {
          return api.error(
              new DataverseError(405, "0x80060888", "$batch only accepts POST requests."));
        }
        try {
          return batch
              .handle(request)
              .header("x-ms-ratelimit-burst-remaining-xrm-requests", String.valueOf(remaining));
        } catch (DataverseError e) {
          return api.error(e);
        }
      }
      return api.handle(request)
          .header("x-ms-ratelimit-burst-remaining-xrm-requests", String.valueOf(remaining));
    } finally {
      protection.release(caller.user(), (System.nanoTime() - started) / 1_000_000);
    }
  }

  private ApiResponse control(String method, String what, Context ctx) throws Exception {
    switch (method + " " + what) {
      case "GET stats" -> {
        return new ApiResponse(200).json(stats.json(json));
      }
      case "POST reset" -> {
        reset("true".equals(ctx.queryParam("empty")));
        return new ApiResponse(204);
      }
      case "POST expire-delta-tokens" -> {
        deltaTokens.expireAll();
        return new ApiResponse(204);
      }
      case "POST revoke-access-tokens" -> {
        tokens.revokeAll();
        return new ApiResponse(204);
      }
      case "POST faults" -> {
        JsonNode b = body(ctx).isBlank() ? json.createObjectNode() : json.readTree(body(ctx));
        faults.errorRate = b.path("errorRate").asDouble(faults.errorRate);
        faults.errorStatus = b.path("errorStatus").asInt(faults.errorStatus);
        faults.latencyMs = b.path("latencyMs").asLong(faults.latencyMs);
        faults.retryAfterSeconds = b.path("retryAfterSeconds").asLong(faults.retryAfterSeconds);
        if (b.has("force429")) {
          faults.forced429.set(b.get("force429").asInt());
        }
        return new ApiResponse(204);
      }
      case "POST limits" -> {
        JsonNode b = json.readTree(body(ctx));
        protection.limits(
            b.path("requests").asInt(options.requestLimit),
            Duration.ofSeconds(b.path("windowSeconds").asLong(options.window.toSeconds())),
            b.path("concurrent").asInt(options.concurrentLimit));
        if (b.has("executionSeconds")) {
          protection.executionLimit(Duration.ofSeconds(b.get("executionSeconds").asLong()));
        }
        if (b.has("deltaTokenLifetimeSeconds")) {
          deltaTokens.lifetime(Duration.ofSeconds(b.get("deltaTokenLifetimeSeconds").asLong()));
        }
        return new ApiResponse(204);
      }
      default -> {
        return api.error(
            new DataverseError(
                404,
                "0x8006088a",
                "Unknown emulator control '"
                    + method
                    + " /_emulator/"
                    + what
                    + "'; known: GET stats, POST reset[?empty=true], POST faults, POST limits,"
                    + " POST expire-delta-tokens, POST revoke-access-tokens."));
      }
    }
  }
}
