package dev.tandem.server.web;

import dev.tandem.server.ServerContext;
import dev.tandem.server.ServiceException;
import dev.tandem.server.auth.ApiTokens;
import dev.tandem.server.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.function.Function;

/** Creating and revoking the API tokens scripts use to call the REST API. */
final class TokenPages {
  private final ServerContext context;
  private final Templates templates;
  private final Times times;

  TokenPages(ServerContext context, Templates templates, Times times) {
    this.context = context;
    this.templates = templates;
    this.times = times;
  }

  void install(RoutesConfig r, Function<Dashboard.PageHandler, Handler> page) {
    r.get(Paths.TOKENS, page.apply((ctx, p) -> render(ctx, p, null, null)));
    r.post(
        Paths.TOKENS,
        page.apply(
            (ctx, p) -> {
              ApiTokens.Created t;
              try {
                t = context.tokens().create(p.name(), ctx.formParam("label"));
              } catch (ServiceException e) {
                ctx.status(400);
                render(ctx, p, null, e.getMessage());
                return;
              }
              // Shown in this answer only, never put in a URL or stored in clear.
              render(ctx, p, t.token(), null);
            }));
    r.post(
        Paths.TOKENS + "/{id}/revoke",
        page.apply(
            (ctx, p) -> {
              if (!context.tokens().revoke(p.name(), ctx.pathParam("id"))) {
                throw ServiceException.notFound("you have no API token with that id");
              }
              ctx.redirect(Paths.TOKENS, HttpStatus.SEE_OTHER);
            }));
  }

  private void render(Context ctx, Principal p, String created, String error) {
    List<TokensPage.Row> rows =
        context.tokens().list(p.name()).stream()
            .map(
                i ->
                    new TokensPage.Row(
                        i.id(),
                        i.label(),
                        times.format(i.createdAt(), ""),
                        times.format(i.lastUsedAt(), "never")))
            .toList();
    ctx.html(
        templates.render(
            "tokens.jte",
            new TokensPage(
                Dashboard.chrome(ctx, p, "API tokens", "tokens"), rows, created, error)));
  }
}
