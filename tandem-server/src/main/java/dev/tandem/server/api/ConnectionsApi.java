package dev.tandem.server.api;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.service.SyncControl;
import dev.tandem.engine.store.HealthState;
import dev.tandem.server.Json;
import dev.tandem.server.ServiceException;
import dev.tandem.server.auth.Auth;
import dev.tandem.server.catalog.Catalog;
import dev.tandem.server.catalog.ConnectionView;
import dev.tandem.server.catalog.History;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/connections}: a workspace's connections, their runs, health and activity. */
public final class ConnectionsApi {
  /** How long a dry run may take before the request gives up waiting (the run goes on). */
  static final Duration DRY_RUN_WAIT = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(ConnectionsApi.class);

  private final Catalog catalog;
  private final History history;
  private final SyncControl sync;

  public ConnectionsApi(Catalog catalog, History history, SyncControl sync) {
    this.catalog = catalog;
    this.history = history;
    this.sync = sync;
  }

  public void install(RoutesConfig r) {
    r.get("/api/connections", this::list);
    r.post("/api/connections", this::create);
    r.get("/api/connections/{name}", this::get);
    r.put("/api/connections/{name}", this::update);
    r.delete("/api/connections/{name}", this::delete);
    r.post("/api/connections/{name}/pause", this::pause);
    r.post("/api/connections/{name}/resume", this::resume);
    r.post("/api/connections/{name}/sync", this::syncNow);
    r.post("/api/connections/{name}/dry-run", this::dryRun);
    r.get("/api/connections/{name}/runs", this::runs);
    r.get("/api/connections/{name}/health", this::health);
    r.post("/api/connections/{name}/health/{side}/{id}/retry", this::retry);
    r.get("/api/connections/{name}/activity", this::activity);
  }

  private static String ws(Context ctx) {
    return Auth.principal(ctx).workspace();
  }

  private ConnectionView find(Context ctx) {
    return catalog.connection(ws(ctx), ctx.pathParam("name"));
  }

  private void list(Context ctx) {
    Json.send(
        ctx,
        200,
        Map.of(
            "items",
            catalog.connections(ws(ctx)).stream()
                .map(c -> Views.connection(c, sync.status(c.id())))
                .toList()));
  }

  private void get(Context ctx) {
    ConnectionView c = find(ctx);
    Map<String, Object> view = Views.connection(c, sync.status(c.id()));
    Map<String, Object> counts = new java.util.TreeMap<>();
    history.healthCounts(c.workspace(), c.name()).forEach((k, v) -> counts.put(k.id(), v));
    view.put("records", counts);
    Json.send(ctx, 200, view);
  }

  private void create(Context ctx) {
    ConnectionView c = catalog.createConnection(ws(ctx), ctx.body());
    Json.send(ctx, 201, Views.connection(c, sync.status(c.id())));
  }

  private void update(Context ctx) {
    ConnectionView c = catalog.updateConnection(ws(ctx), ctx.pathParam("name"), ctx.body());
    Json.send(ctx, 200, Views.connection(c, sync.status(c.id())));
  }

  private void delete(Context ctx) {
    catalog.deleteConnection(ws(ctx), ctx.pathParam("name"));
    ctx.status(204);
  }

  private void pause(Context ctx) {
    ConnectionView c = find(ctx);
    sync.pause(c.id());
    log.info("event=connection.paused connection={} user={}", c.id(), Auth.principal(ctx).name());
    Json.send(ctx, 200, Views.status(sync.status(c.id())));
  }

  private void resume(Context ctx) {
    ConnectionView c = find(ctx);
    sync.resume(c.id());
    log.info("event=connection.resumed connection={} user={}", c.id(), Auth.principal(ctx).name());
    Json.send(ctx, 200, Views.status(sync.status(c.id())));
  }

  private void syncNow(Context ctx) {
    ConnectionView c = usable(find(ctx));
    boolean full = "true".equalsIgnoreCase(ctx.queryParam("full"));
    sync.syncNow(c.id(), new RunOptions(false, full, false));
    log.info(
        "event=connection.sync_requested connection={} user={} full={}",
        c.id(),
        Auth.principal(ctx).name(),
        full);
    Json.send(ctx, 202, Map.of("status", "started"));
  }

  private void dryRun(Context ctx) throws InterruptedException {
    ConnectionView c = usable(find(ctx));
    RunReport report;
    try {
      report =
          sync.syncNow(c.id(), new RunOptions(true, false, false))
              .get(DRY_RUN_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ServiceException(
          502, "the dry run of connection '" + c.name() + "' failed: " + cause.getMessage());
    } catch (TimeoutException e) {
      throw new ServiceException(
          504,
          "the dry run of connection '"
              + c.name()
              + "' takes longer than "
              + DRY_RUN_WAIT.toMinutes()
              + " minutes");
    }
    Json.send(ctx, 200, Views.report(report));
  }

  private static ConnectionView usable(ConnectionView c) {
    if (c.parsed() == null) {
      throw ServiceException.conflict("connection '" + c.name() + "' cannot run: " + c.problem());
    }
    return c;
  }

  private void runs(Context ctx) {
    var p = history.runs(ws(ctx), ctx.pathParam("name"), Params.page(ctx), Params.size(ctx));
    Json.send(ctx, 200, Views.page(p, Views::run));
  }

  private void activity(Context ctx) {
    var p = history.activity(ws(ctx), ctx.pathParam("name"), Params.page(ctx), Params.size(ctx));
    Json.send(ctx, 200, Views.page(p, Views::activity));
  }

  private void health(Context ctx) {
    var p =
        history.health(
            ws(ctx),
            ctx.pathParam("name"),
            state(ctx.queryParam("state")),
            type(ctx.queryParam("type")),
            Params.page(ctx),
            Params.size(ctx));
    Json.send(ctx, 200, Views.page(p, Views::health));
  }

  private void retry(Context ctx) {
    Side side = side(ctx.pathParam("side"));
    var h =
        history.retry(
            ws(ctx),
            ctx.pathParam("name"),
            type(ctx.queryParam("type")),
            side,
            ctx.pathParam("id"));
    Json.send(ctx, 200, Views.health(h));
  }

  static HealthState state(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    return Arrays.stream(HealthState.values())
        .filter(x -> x.id().equals(s.trim().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                ServiceException.invalid(
                    "state must be one of "
                        + String.join(
                            ", ", Arrays.stream(HealthState.values()).map(HealthState::id).toList())
                        + ", not '"
                        + s
                        + "'"));
  }

  static ObjectType type(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    return ObjectType.parse(s.trim().toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                ServiceException.invalid("type must be contact, company or deal, not '" + s + "'"));
  }

  static Side side(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "a" -> Side.A;
      case "b" -> Side.B;
      default -> throw ServiceException.invalid("side must be a or b, not '" + s + "'");
    };
  }
}
