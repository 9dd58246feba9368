package dev.tandem.server.api;

import dev.tandem.server.Json;
import dev.tandem.server.ServiceException;
import dev.tandem.server.auth.ApiTokens;
import dev.tandem.server.auth.Auth;
import dev.tandem.server.auth.Principal;
import dev.tandem.server.auth.Sessions;
import dev.tandem.server.auth.Users;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who the caller is ({@code /api/me}), sessions for browser clients ({@code /api/session}), API
 * tokens ({@code /api/tokens}) and, for admins, users ({@code /api/users}).
 */
public final class UsersApi {
  private final Users users;
  private final ApiTokens tokens;
  private final Sessions sessions;
  private final Auth auth;

  public UsersApi(Users users, ApiTokens tokens, Sessions sessions, Auth auth) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
    this.auth = auth;
  }

  public void install(RoutesConfig r) {
    r.get("/api/me", this::me);
    r.post("/api/session", this::login);
    r.delete("/api/session", this::logout);
    r.get("/api/tokens", this::listTokens);
    r.post("/api/tokens", this::createToken);
    r.delete("/api/tokens/{id}", this::revokeToken);
    r.get("/api/users", this::listUsers);
    r.post("/api/users", this::createUser);
    r.put("/api/users/{name}/password", this::setPassword);
  }

  private void me(Context ctx) {
    Principal p = Auth.principal(ctx);
    Map<String, Object> m = Views.user(p.user());
    m.put("via", p.method());
    Json.send(ctx, 200, m);
  }

  /** Public (the /api filter lets it through): logs in with a name and password. */
  private void login(Context ctx) {
    Map<String, Object> body = Json.body(ctx);
    var session =
        auth.login(ctx, Params.string(body.get("name")), Params.string(body.get("password")))
            .orElseThrow(() -> new ServiceException(401, "wrong user name or password"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", session.user());
    m.put("csrfToken", session.csrfToken());
    m.put("expiresAt", Views.time(session.expiresAt()));
    Json.send(ctx, 200, m);
  }

  private void logout(Context ctx) {
    auth.logout(ctx);
    ctx.status(204);
  }

  private void listTokens(Context ctx) {
    String user = Auth.principal(ctx).name();
    Json.send(ctx, 200, Map.of("items", tokens.list(user).stream().map(Views::token).toList()));
  }

  private void createToken(Context ctx) {
    String user = Auth.principal(ctx).name();
    ApiTokens.Created t = tokens.create(user, Params.string(Json.body(ctx).get("name")));
    Map<String, Object> m = Views.token(t.info());
    m.put("token", t.token());
    Json.send(ctx, 201, m);
  }

  private void revokeToken(Context ctx) {
    String user = Auth.principal(ctx).name();
    if (!tokens.revoke(user, ctx.pathParam("id"))) {
      throw ServiceException.notFound("no API token with id '" + ctx.pathParam("id") + "'");
    }
    ctx.status(204);
  }

  private static Principal admin(Context ctx) {
    Principal p = Auth.principal(ctx);
    if (!p.user().admin()) {
      throw ServiceException.forbidden("only an admin may manage users");
    }
    return p;
  }

  private void listUsers(Context ctx) {
    Principal p = Auth.principal(ctx);
    // An admin sees everyone; others see the users of their own workspace.
    var list = users.list(p.user().admin() ? null : p.workspace());
    Json.send(ctx, 200, Map.of("items", list.stream().map(Views::user).toList()));
  }

  private void createUser(Context ctx) {
    Principal p = admin(ctx);
    Map<String, Object> body = Json.body(ctx);
    String workspace = Params.string(body.get("workspace"));
    var u =
        users.create(
            Params.string(body.get("name")),
            Params.string(body.get("password")),
            workspace == null ? p.workspace() : workspace,
            Boolean.TRUE.equals(body.get("admin")));
    Json.send(ctx, 201, Views.user(u));
  }

  private void setPassword(Context ctx) {
    Principal p = Auth.principal(ctx);
    String name = ctx.pathParam("name");
    if (!p.name().equals(name) && !p.user().admin()) {
      throw ServiceException.forbidden("only an admin may change another user's password");
    }
    users.setPassword(name, Params.string(Json.body(ctx).get("password")));
    sessions.deleteForUser(name);
    ctx.status(204);
  }
}
