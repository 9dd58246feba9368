package dev.tandem.emulator.hubspot;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An emulator of HubSpot's public CRM API over real HTTP: CRM objects v3 (contacts, companies,
 * deals), search, properties, associations v4, the OAuth token endpoint, rate limits with their
 * headers and 429 bodies, and signed webhooks. Everything is in memory and thread-safe.
 *
 * <p>Test-only control lives under {@code /_emulator/}: {@code GET stats}, {@code POST reset},
 * {@code POST faults}, {@code POST seed} and {@code POST records/{type}}.
 *
 * <pre>{@code
 * try (HubSpotEmulator hs = HubSpotEmulator.builder().contacts(100).build().start()) {
 *   String url = hs.baseUrl(); // http://localhost:port, with bearer hs.token()
 * }
 * }</pre>
 */
public final class HubSpotEmulator implements AutoCloseable {
  /** Emulated account (portal) id, as it appears in webhook events. */
  public static final long PORTAL_ID = 62515;

  private final Builder options;
  private final PropertyCatalog catalog = new PropertyCatalog();
  private final RequestStats stats = new RequestStats();
  private final Faults faults = new Faults();
  private final RateLimits limits;
  private final OAuthServer oauth;
  private final WebhookDispatcher webhooks;
  private final CrmStore store;
  private final ObjectsApi objectsApi;
  private final AssociationsApi associationsApi;
  private Javalin app;

  private HubSpotEmulator(Builder b) {
    this.options = b;
    this.limits = new RateLimits(b.rateLimit, b.dailyLimit, b.searchPerSecond);
    this.oauth =
        new OAuthServer(b.clientId, b.clientSecret, b.refreshToken, b.accessTokenTtlSeconds);
    this.webhooks =
        b.webhookUrl == null || b.clientSecret == null
            ? null
            : new WebhookDispatcher(
                b.webhookUrl,
                b.clientSecret,
                PORTAL_ID,
                1_160_452,
                b.webhookMaxAttempts,
                b.webhookFirstRetryMs);
    this.store = new CrmStore(catalog, webhooks == null ? e -> {} : webhooks);
    this.objectsApi = new ObjectsApi(store, catalog, new SearchEngine(catalog));
    this.associationsApi = new AssociationsApi(store);
    seed(b.companies, b.contacts, b.deals, b.seed);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the HTTP server; returns this. */
  public synchronized HubSpotEmulator start() {
    app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              Routes r = new Routes(config.routes);
              String objects = "/crm/v3/objects/{type}";
              r.api("GET", objects, false, objectsApi::list);
              r.api("POST", objects, false, objectsApi::create);
              r.api("GET", objects + "/{id}", false, objectsApi::get);
              r.api("PATCH", objects + "/{id}", false, objectsApi::update);
              r.api("DELETE", objects + "/{id}", false, objectsApi::archive);
              r.api("POST", objects + "/batch/read", false, objectsApi::batchRead);
              r.api("POST", objects + "/batch/create", false, objectsApi::batchCreate);
              r.api("POST", objects + "/batch/update", false, objectsApi::batchUpdate);
              r.api("POST", objects + "/batch/upsert", false, objectsApi::batchUpsert);
              r.api("POST", objects + "/batch/archive", false, objectsApi::batchArchive);
              r.api("POST", objects + "/search", true, objectsApi::search);
              r.api("GET", "/crm/v3/properties/{type}", false, objectsApi::properties);
              r.api("GET", "/crm/v3/properties/{type}/{name}", false, objectsApi::property);
              r.api("POST", "/crm/v3/properties/{type}", false, objectsApi::createProperty);
              String v4 = "/crm/v4/objects/{from}/{id}/associations";
              r.api("GET", v4 + "/{to}", false, associationsApi::list);
              r.api("PUT", v4 + "/default/{to}/{toId}", false, associationsApi::associate);
              r.api("DELETE", v4 + "/{to}/{toId}", false, associationsApi::remove);
              r.api(
                  "POST",
                  "/crm/v4/associations/{from}/{to}/batch/read",
                  false,
                  associationsApi::batchRead);
              r.open("POST", "/oauth/v1/token", this::token);
              r.open("GET", "/oauth/authorize", this::authorize);
              config.routes.get("/_emulator/stats", ctx -> json(ctx, 200, statsBody()));
              config.routes.post("/_emulator/reset", this::reset);
              config.routes.get("/_emulator/faults", ctx -> json(ctx, 200, faults.describe()));
              config.routes.post("/_emulator/faults", this::setFaults);
              config.routes.delete(
                  "/_emulator/faults",
                  ctx -> {
                    faults.clear();
                    ctx.status(204);
                  });
              config.routes.post("/_emulator/seed", this::seedRequest);
              config.routes.post("/_emulator/records/{type}", this::loadRecords);
            });
    app.start(options.host, options.port);
    return this;
  }

  public int port() {
    return app.port();
  }

  public String baseUrl() {
    return "http://localhost:" + port();
  }

  /** The private-app token the emulator accepts as {@code Authorization: Bearer …}. */
  public String token() {
    return options.token;
  }

  public String clientId() {
    return options.clientId;
  }

  public String clientSecret() {
    return options.clientSecret;
  }

  /** The refresh token the emulator accepts first (each use rotates it). */
  public String refreshToken() {
    return options.refreshToken;
  }

  public synchronized void stop() {
    if (app != null) {
      app.stop();
      app = null;
    }
    if (webhooks != null) {
      webhooks.close();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Seeds sample data; the same seed gives the same records. */
  public void seed(int companies, int contacts, int deals, long seed) {
    if (companies + contacts + deals > 0) {
      SampleData.seed(store, companies, contacts, deals, seed);
    }
  }

  /** Empties the account and the counters (not the limits' configuration). */
  public void reset() {
    store.clear();
    catalog.reset();
    stats.reset();
    limits.reset();
    faults.clear();
    if (webhooks != null) {
      webhooks.clearPending();
    }
  }

  /** The number of requests to the API so far, by endpoint as {@code METHOD /path/template}. */
  public Map<String, Object> stats() {
    return statsBody();
  }

  private Map<String, Object> statsBody() {
    Map<String, Object> s = new java.util.LinkedHashMap<>(stats.snapshot());
    if (webhooks != null) {
      s.put("webhooks", webhooks.stats());
    }
    return s;
  }

  // ---- request pipeline ----

  /** One API handler: returns the status and body to send. */
  @FunctionalInterface
  interface ApiHandler {
    Reply handle(Context ctx);
  }

  /** A response: status and JSON body (null for none). */
  record Reply(int status, Object body) {}

  private final class Routes {
    private final io.javalin.config.RoutesConfig routes;

    Routes(io.javalin.config.RoutesConfig routes) {
      this.routes = routes;
    }

    /** An authenticated, rate-limited, counted API endpoint. */
    void api(String method, String template, boolean search, ApiHandler h) {
      add(method, template, ctx -> serve(ctx, method, template, search, true, h));
    }

    /** A counted endpoint without bearer auth or rate limits (OAuth). */
    void open(String method, String template, ApiHandler h) {
      add(method, template, ctx -> serve(ctx, method, template, false, false, h));
    }

    private void add(String method, String path, io.javalin.http.Handler h) {
      switch (method) {
        case "GET" -> routes.get(path, h);
        case "POST" -> routes.post(path, h);
        case "PATCH" -> routes.patch(path, h);
        case "PUT" -> routes.put(path, h);
        case "DELETE" -> routes.delete(path, h);
        default -> throw new IllegalArgumentException(method);
      }
    }
  }

  private void serve(
      Context ctx, String method, String template, boolean search, boolean auth, ApiHandler h) {
    String correlationId = UUID.randomUUID().toString();
    stats.count(method + " " + endpointName(ctx, template));
    try {
      long latency = faults.latencyMs();
      if (latency > 0) {
        Thread.sleep(latency);
      }
      if (auth) {
        String token = authenticate(ctx);
        long now = System.currentTimeMillis();
        if (search) {
          ApiException refused = limits.checkSearch(token, now);
          if (refused != null) {
            throw refused;
          }
        } else {
          RateLimits.Decision d = limits.check(token, now);
          d.headers().forEach(ctx::header);
          if (d.refusal() != null) {
            throw d.refusal();
          }
        }
      }
      ApiException fault = faults.next();
      if (fault != null) {
        throw fault;
      }
      Reply reply = h.handle(ctx);
      if (reply.body() == null) {
        ctx.status(reply.status());
      } else {
        json(ctx, reply.status(), reply.body());
      }
    } catch (ApiException e) {
      json(ctx, e.status, e.body(correlationId));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      json(ctx, 503, new ApiException(503, "INTERNAL_ERROR", "interrupted").body(correlationId));
    } catch (RuntimeException e) {
      json(
          ctx,
          500,
          new ApiException(500, "INTERNAL_ERROR", "internal error: " + e).body(correlationId));
    }
  }

  /** The path template with the object types filled in, e.g. GET /crm/v3/objects/contacts/{id}. */
  private static String endpointName(Context ctx, String template) {
    String name = template;
    for (String p : List.of("type", "from", "to")) {
      if (name.contains("{" + p + "}")) {
        String v = ctx.pathParam(p);
        String plural = ObjectKind.parse(v).map(k -> k.plural).orElse(v);
        name = name.replace("{" + p + "}", plural);
      }
    }
    return name;
  }

  private String authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    String token =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    if (token != null && token.equals(options.token)) {
      return token;
    }
    if (token != null) {
      long expired = oauth.expiredForMs(token, System.currentTimeMillis());
      if (expired == 0) {
        return token;
      }
      if (expired > 0) {
        throw new ApiException(
            401,
            "EXPIRED_AUTHENTICATION",
            "The OAuth token used to make this call expired "
                + (expired / 1000)
                + " second(s) ago.");
      }
    }
    throw new ApiException(
        401,
        "INVALID_AUTHENTICATION",
        "Authentication credentials not found. This API supports OAuth 2.0 authentication and you"
            + " can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
  }

  static void json(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.contentType("application/json;charset=utf-8");
    ctx.result(Json.write(body));
  }

  // ---- OAuth ----

  private Reply token(Context ctx) {
    Map<String, String> form = new java.util.HashMap<>();
    ctx.formParamMap().forEach((k, v) -> form.put(k, v.isEmpty() ? null : v.get(0)));
    return new Reply(200, oauth.token(form, System.currentTimeMillis()));
  }

  /** Stands in for HubSpot's consent screen: approves at once and redirects with a code. */
  private Reply authorize(Context ctx) {
    String redirect = ctx.queryParam("redirect_uri");
    if (!oauth.clientId().equals(ctx.queryParam("client_id")) || redirect == null) {
      throw ApiException.validation("unknown client_id or missing redirect_uri");
    }
    String code = oauth.issueCode(redirect);
    String state = ctx.queryParam("state");
    String location =
        redirect
            + (redirect.contains("?") ? "&" : "?")
            + "code="
            + code
            + (state == null
                ? ""
                : "&state="
                    + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8));
    ctx.header("Location", location);
    return new Reply(302, null);
  }

  // ---- test control ----

  private void reset(Context ctx) {
    reset();
    if (!ctx.body().isBlank()) {
      var b = Json.read(ctx.body());
      seed(
          b.path("companies").asInt(0),
          b.path("contacts").asInt(0),
          b.path("deals").asInt(0),
          b.path("seed").asLong(1));
    }
    json(ctx, 200, Map.of("reset", true, "at", Instant.now().toString()));
  }

  private void setFaults(Context ctx) {
    var b = Json.read(ctx.body());
    faults.set(
        b.path("errorRate").asDouble(0),
        b.path("errorStatus").asInt(502),
        b.path("latencyMs").asLong(0),
        b.path("force429").asInt(0),
        b.path("after").asInt(0),
        b.path("policyName").asText("TEN_SECONDLY_ROLLING"));
    json(ctx, 200, faults.describe());
  }

  private void seedRequest(Context ctx) {
    var b = Json.read(ctx.body());
    var ids =
        SampleData.seed(
            store,
            b.path("companies").asInt(0),
            b.path("contacts").asInt(0),
            b.path("deals").asInt(0),
            b.path("seed").asLong(1));
    Map<String, Object> counts = new java.util.TreeMap<>();
    ids.forEach((k, v) -> counts.put(k.plural, v.size()));
    json(ctx, 200, counts);
  }

  /**
   * Loads records as given (no limits, no webhooks): {@code {"records":[{"email":…},…],
   * "modifiedAt": epochMs?}} returns their ids in order.
   */
  private void loadRecords(Context ctx) {
    ObjectKind kind =
        ObjectKind.parse(ctx.pathParam("type"))
            .orElseThrow(() -> new IllegalArgumentException("unknown type"));
    var b = Json.read(ctx.body());
    long at = b.path("modifiedAt").asLong(System.currentTimeMillis());
    List<String> ids = new java.util.ArrayList<>();
    for (var r : b.path("records")) {
      Map<String, String> props = new java.util.HashMap<>();
      r.fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
      ids.add(Long.toString(store.seed(kind, props, at, at).id));
    }
    json(ctx, 200, Map.of("ids", ids));
  }

  /** Options; every one has a working default. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port;
    private String token = "pat-emulator-token";
    private int contacts;
    private int companies;
    private int deals;
    private long seed = 1;
    private String webhookUrl;
    private String clientSecret = "emulator-client-secret";
    private String clientId = "emulator-client-id";
    private String refreshToken = "emulator-refresh-token";
    private long accessTokenTtlSeconds = 1800;
    private int rateLimit = 100;
    private int dailyLimit = 250_000;
    private int searchPerSecond = 5;
    private int webhookMaxAttempts = 5;
    private long webhookFirstRetryMs = 1000;

    private Builder() {}

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** The private-app bearer token to accept. */
    public Builder token(String token) {
      this.token = Objects.requireNonNull(token);
      return this;
    }

    public Builder contacts(int n) {
      this.contacts = n;
      return this;
    }

    public Builder companies(int n) {
      this.companies = n;
      return this;
    }

    public Builder deals(int n) {
      this.deals = n;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Where to deliver webhook batches (needs a client secret to sign them). */
    public Builder webhookUrl(String url) {
      this.webhookUrl = url;
      return this;
    }

    /** The app's client secret: signs webhooks and authenticates OAuth token requests. */
    public Builder clientSecret(String secret) {
      this.clientSecret = secret;
      return this;
    }

    public Builder clientId(String id) {
      this.clientId = Objects.requireNonNull(id);
      return this;
    }

    /** The refresh token accepted first. */
    public Builder refreshToken(String token) {
      this.refreshToken = token;
      return this;
    }

    public Builder accessTokenTtlSeconds(long seconds) {
      this.accessTokenTtlSeconds = seconds;
      return this;
    }

    /** Requests per rolling 10 seconds per token: 100 (the default) or 190. */
    public Builder rateLimit(int perTenSeconds) {
      if (perTenSeconds < 1) {
        throw new IllegalArgumentException("rate limit must be positive: " + perTenSeconds);
      }
      this.rateLimit = perTenSeconds;
      return this;
    }

    /** Requests per day per token; 250,000 by default. */
    public Builder dailyLimit(int perDay) {
      this.dailyLimit = perDay;
      return this;
    }

    /** Search requests per second per account; 5 as documented. */
    public Builder searchPerSecond(int n) {
      this.searchPerSecond = n;
      return this;
    }

    /** How often a failed webhook batch is tried in all, and the first retry delay. */
    public Builder webhookRetries(int maxAttempts, long firstRetryMs) {
      this.webhookMaxAttempts = maxAttempts;
      this.webhookFirstRetryMs = firstRetryMs;
      return this;
    }

    public HubSpotEmulator build() {
      return new HubSpotEmulator(this);
    }
  }
}
