package dev.tandem.server.api;

import dev.tandem.server.Json;
import dev.tandem.server.ServiceException;
import dev.tandem.server.auth.Auth;
import dev.tandem.server.catalog.Catalog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/accounts}: a workspace's accounts. Credentials are write-only: responses show them as
 * {@value Catalog#MASK}.
 */
public final class AccountsApi {
  private final Catalog catalog;

  public AccountsApi(Catalog catalog) {
    this.catalog = catalog;
  }

  public void install(RoutesConfig r) {
    r.get("/api/apps", this::apps);
    r.get("/api/accounts", this::list);
    r.post("/api/accounts", this::create);
    r.get("/api/accounts/{name}", this::get);
    r.put("/api/accounts/{name}", this::update);
    r.delete("/api/accounts/{name}", this::delete);
  }

  private void apps(Context ctx) {
    Json.send(
        ctx,
        200,
        Map.of(
            "items",
            catalog.credentialKeys().entrySet().stream()
                .map(e -> Map.of("type", e.getKey(), "credentials", e.getValue()))
                .toList()));
  }

  private void list(Context ctx) {
    String ws = Auth.principal(ctx).workspace();
    Json.send(
        ctx, 200, Map.of("items", catalog.accounts(ws).stream().map(Views::account).toList()));
  }

  private void get(Context ctx) {
    String ws = Auth.principal(ctx).workspace();
    Json.send(ctx, 200, Views.account(catalog.account(ws, ctx.pathParam("name"))));
  }

  private void create(Context ctx) {
    String ws = Auth.principal(ctx).workspace();
    Map<String, Object> body = Json.body(ctx);
    String name = Params.string(body.get("name"));
    if (name == null) {
      throw ServiceException.invalid("name is missing");
    }
    var a = catalog.putAccount(ws, name, Params.string(body.get("type")), settings(body), true);
    Json.send(ctx, 201, Views.account(a));
  }

  private void update(Context ctx) {
    String ws = Auth.principal(ctx).workspace();
    String name = ctx.pathParam("name");
    Map<String, Object> body = Json.body(ctx);
    Object given = body.get("name");
    if (given != null && !name.equals(given.toString())) {
      throw ServiceException.invalid("name: an account cannot be renamed; create a new one");
    }
    catalog.account(ws, name);
    var a = catalog.putAccount(ws, name, Params.string(body.get("type")), settings(body), false);
    Json.send(ctx, 200, Views.account(a));
  }

  private void delete(Context ctx) {
    String ws = Auth.principal(ctx).workspace();
    catalog.deleteAccount(ws, ctx.pathParam("name"));
    ctx.status(204);
  }

  /** {@code settings: {...}}; the settings may also be given at the top level, as in YAML. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> settings(Map<String, Object> body) {
    Object s = body.get("settings");
    Map<String, Object> out = new LinkedHashMap<>();
    if (s instanceof Map<?, ?> m) {
      out.putAll((Map<String, Object>) m);
    } else if (s != null) {
      throw ServiceException.invalid("settings must be an object of keys and values");
    }
    body.forEach(
        (k, v) -> {
          if (!k.equals("settings") && !k.equals("name") && !k.equals("type")) {
            out.put(k, v);
          }
        });
    return out;
  }
}
