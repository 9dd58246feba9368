package dev.tandem.server.api;

import dev.tandem.engine.store.StateStore;
import dev.tandem.server.Json;
import dev.tandem.server.Metrics;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Public operational routes: {@code /healthz}, {@code /metrics} and the OpenAPI document. */
public final class OpsApi {
  private final StateStore store;
  private final Metrics metrics;
  private final String openApi;

  public OpsApi(StateStore store, Metrics metrics) {
    this.store = store;
    this.metrics = metrics;
    this.openApi = resource("openapi.json");
  }

  /** The OpenAPI document as served. */
  public static String resource(String name) {
    try (InputStream in = OpsApi.class.getResourceAsStream("/dev/tandem/server/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }

  public void install(RoutesConfig r) {
    r.get("/healthz", this::healthz);
    r.get("/metrics", this::metrics);
    r.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }

  private void healthz(Context ctx) {
    boolean ok;
    String reason = null;
    try {
      // On a thread of its own with a deadline: a store that hangs must not hang the probe.
      ok = CompletableFuture.supplyAsync(this::storeAnswers).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      ok = false;
      reason =
          "the store does not answer: " + (e.getCause() == null ? e : e.getCause()).getMessage();
    }
    if (ok) {
      Json.send(ctx, 200, Map.of("status", "ok"));
    } else {
      Json.send(
          ctx,
          503,
          Map.of(
              "status", "failing", "error", reason == null ? "the store does not answer" : reason));
    }
  }

  private boolean storeAnswers() {
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement()) {
      return s.execute("SELECT 1");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }
}
