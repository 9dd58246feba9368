package dev.tandem.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.server.ServerContext;
import dev.tandem.server.ServiceException;
import dev.tandem.server.auth.Principal;
import dev.tandem.server.catalog.AccountView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Setting up: accounts (an app instance with its settings and credentials) and new connections
 * between two of them. Credentials go to the catalog, which encrypts them; no page shows them
 * again.
 */
final class SetupPages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerContext context;
  private final Templates templates;

  SetupPages(ServerContext context, Templates templates) {
    this.context = context;
    this.templates = templates;
  }

  void install(RoutesConfig r, Function<Dashboard.PageHandler, Handler> page) {
    r.get(Paths.ACCOUNTS, page.apply((ctx, p) -> accounts(ctx, p, null, null, null)));
    r.post(Paths.ACCOUNTS, page.apply(this::createAccount));
    r.post(Paths.ACCOUNTS + "/{name}/delete", page.apply(this::deleteAccount));
    r.get(Paths.NEW_CONNECTION, page.apply((ctx, p) -> newConnection(ctx, p, null, null)));
    r.post(Paths.NEW_CONNECTION, page.apply(this::createConnection));
    r.post(Paths.CONNECTIONS + "/{name}/delete", page.apply(this::deleteConnection));
  }

  private void accounts(
      Context ctx, Principal p, AccountsPage.Draft draft, String error, String notice) {
    List<AccountsPage.Row> rows = new ArrayList<>();
    for (AccountView a : context.catalog().accounts(p.workspace())) {
      List<String> settings = new ArrayList<>();
      a.settings().forEach((k, v) -> settings.add(k + ": " + v));
      rows.add(new AccountsPage.Row(a.name(), a.type(), settings));
    }
    ctx.html(
        templates.render(
            "accounts.jte",
            new AccountsPage(
                Dashboard.chrome(ctx, p, "Accounts", "accounts"),
                rows,
                context.catalog().credentialKeys().entrySet().stream()
                    .map(
                        e ->
                            new AccountsPage.App(
                                e.getKey(),
                                String.join(", ", new java.util.TreeSet<>(e.getValue()))))
                    .sorted(java.util.Comparator.comparing(AccountsPage.App::type))
                    .toList(),
                draft == null ? AccountsPage.Draft.EMPTY : draft,
                error,
                notice)));
  }

  private void createAccount(Context ctx, Principal p) {
    String name = value(ctx, "name");
    String type = value(ctx, "type");
    String text = ctx.formParam("settings") == null ? "" : ctx.formParam("settings");
    try {
      Map<String, Object> settings = new LinkedHashMap<>(settings(text));
      context.catalog().putAccount(p.workspace(), name, type, settings, true);
    } catch (ServiceException e) {
      ctx.status(e.status());
      // The settings go back without the credentials typed into them.
      java.util.Set<String> secret =
          context.catalog().credentialKeys().getOrDefault(type, java.util.Set.of());
      accounts(
          ctx,
          p,
          new AccountsPage.Draft(name, type, withoutSecrets(text, secret)),
          e.getMessage(),
          null);
      return;
    }
    accounts(ctx, p, null, null, "Added account '" + name + "'.");
  }

  private void deleteAccount(Context ctx, Principal p) {
    String name = ctx.pathParam("name");
    try {
      context.catalog().deleteAccount(p.workspace(), name);
    } catch (ServiceException e) {
      ctx.status(e.status());
      accounts(ctx, p, null, e.getMessage(), null);
      return;
    }
    ctx.redirect(Paths.ACCOUNTS, HttpStatus.SEE_OTHER);
  }

  private void newConnection(
      Context ctx, Principal p, NewConnectionPage.Draft draft, String error) {
    List<NewConnectionPage.Account> accounts =
        context.catalog().accounts(p.workspace()).stream()
            .map(a -> new NewConnectionPage.Account(a.name(), a.name() + " (" + a.type() + ")"))
            .toList();
    ctx.html(
        templates.render(
            "new-connection.jte",
            new NewConnectionPage(
                Dashboard.chrome(ctx, p, "New connection", "connections"),
                accounts,
                draft == null ? NewConnectionPage.Draft.EMPTY : draft,
                error)));
  }

  private void createConnection(Context ctx, Principal p) {
    List<String> objects =
        ctx.formParams("objects").stream()
            .filter(t -> List.of("contact", "company", "deal").contains(t))
            .distinct()
            .toList();
    NewConnectionPage.Draft draft =
        new NewConnectionPage.Draft(
            value(ctx, "name"), value(ctx, "a"), value(ctx, "b"), value(ctx, "every"), objects);
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("name", draft.name());
    definition.put("a", draft.a());
    definition.put("b", draft.b());
    if (!draft.every().isEmpty()) {
      definition.put("every", draft.every());
    }
    Map<String, Object> types = new LinkedHashMap<>();
    objects.forEach(t -> types.put(t, Map.of()));
    definition.put("objects", types);
    try {
      context.catalog().createConnection(p.workspace(), JSON.writeValueAsString(definition));
    } catch (ServiceException e) {
      ctx.status(e.status());
      newConnection(ctx, p, draft, e.getMessage());
      return;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    ctx.redirect(Paths.connection(draft.name()), HttpStatus.SEE_OTHER);
  }

  private void deleteConnection(Context ctx, Principal p) {
    String name = ctx.pathParam("name");
    if (!"yes".equals(ctx.formParam("confirm"))) {
      throw ServiceException.invalid(
          "tick the box to confirm that connection '" + name + "' should be deleted");
    }
    context.catalog().deleteConnection(p.workspace(), name);
    ctx.redirect(Paths.CONNECTIONS, HttpStatus.SEE_OTHER);
  }

  private static String value(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  /** Settings written one {@code key = value} per line. */
  static Map<String, String> settings(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = text.split("\\R");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw ServiceException.invalid(
            "settings, line " + (n + 1) + ": write 'key = value', not '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      if (out.put(key, line.substring(eq + 1).strip()) != null) {
        throw ServiceException.invalid("settings give '" + key + "' twice; keep one line for it");
      }
    }
    return out;
  }

  /** The settings text with the values of the type's credentials (and look-alikes) blanked. */
  static String withoutSecrets(String text, java.util.Set<String> credentials) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\\R")) {
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      boolean secret =
          credentials.contains(key)
              || key.toLowerCase(java.util.Locale.ROOT).matches(".*(token|password|secret|key).*");
      out.append(secret ? key + " = " : line).append('\n');
    }
    return out.toString().strip();
  }
}
