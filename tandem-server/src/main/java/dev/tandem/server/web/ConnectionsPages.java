package dev.tandem.server.web;

import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.service.ConnectionStatus;
import dev.tandem.engine.service.SyncControl;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.SyncKey;
import dev.tandem.server.ServerContext;
import dev.tandem.server.auth.Principal;
import dev.tandem.server.catalog.AccountView;
import dev.tandem.server.catalog.ConnectionView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connections list, its live-refreshed rows and the Sync now / Pause / Resume buttons. */
final class ConnectionsPages {
  private static final Logger log = LoggerFactory.getLogger(ConnectionsPages.class);

  private final ServerContext context;
  private final SyncControl sync;
  private final Templates templates;
  private final Times times;

  ConnectionsPages(ServerContext context, SyncControl sync, Templates templates, Times times) {
    this.context = context;
    this.sync = sync;
    this.templates = templates;
    this.times = times;
  }

  void install(RoutesConfig r, Function<Dashboard.PageHandler, Handler> page) {
    r.get(Paths.CONNECTIONS, page.apply(this::list));
    r.get(Paths.CONNECTIONS + "/rows", page.apply(this::rows));
    r.post(
        Paths.CONNECTIONS + "/{name}/sync",
        page.apply(
            (ctx, p) -> {
              ConnectionView c = context.catalog().connection(p.workspace(), ctx.pathParam("name"));
              sync.syncNow(c.id(), RunOptions.DEFAULT)
                  .whenComplete(
                      (report, e) -> {
                        if (e != null) {
                          log.warn(
                              "event=dashboard.sync_failed connection={} error={}",
                              c.id(),
                              e.toString());
                        }
                      });
              rows(ctx, p);
            }));
    r.post(
        Paths.CONNECTIONS + "/{name}/pause",
        page.apply(
            (ctx, p) -> {
              sync.pause(context.catalog().connection(p.workspace(), ctx.pathParam("name")).id());
              rows(ctx, p);
            }));
    r.post(
        Paths.CONNECTIONS + "/{name}/resume",
        page.apply(
            (ctx, p) -> {
              sync.resume(context.catalog().connection(p.workspace(), ctx.pathParam("name")).id());
              rows(ctx, p);
            }));
  }

  private void list(Context ctx, Principal p) {
    ctx.html(
        templates.render(
            "connections.jte",
            new ConnectionsPage(Dashboard.chrome(ctx, p, "Connections", "connections"), rows(p))));
  }

  private void rows(Context ctx, Principal p) {
    ctx.html(
        templates.render(
            "connection-rows.jte",
            new ConnectionsPage(Dashboard.chrome(ctx, p, "Connections", "connections"), rows(p))));
  }

  private List<ConnectionsPage.Row> rows(Principal p) {
    Map<String, String> types =
        context.catalog().accounts(p.workspace()).stream()
            .collect(Collectors.toMap(AccountView::name, AccountView::type, (x, y) -> x));
    List<ConnectionsPage.Row> out = new ArrayList<>();
    for (ConnectionView c : context.catalog().connections(p.workspace())) {
      ConnectionStatus status = sync.status(c.id());
      List<RunRecord> last = context.history().runs(p.workspace(), c.name(), 1, 1).items();
      String detail = status.detail();
      if (c.problem() != null) {
        detail = c.problem();
      }
      out.add(
          new ConnectionsPage.Row(
              c.name(),
              c.name(),
              app(c, "a", types),
              app(c, "b", types),
              status.state().label(),
              detail,
              times.format(status.lastRunAt(), "never"),
              times.format(status.nextRunAt(), "—"),
              last.isEmpty() ? "" : summary(last.get(0)),
              failing(c)));
    }
    return out;
  }

  /** Records failing now, over the connection's object types. */
  private long failing(ConnectionView c) {
    if (c.parsed() == null) {
      return 0;
    }
    long n = 0;
    for (ObjectSyncSpec o : c.parsed().objects()) {
      n +=
          context
              .store()
              .healthCounts(new SyncKey(c.id(), o.type()))
              .getOrDefault(HealthState.FAILING, 0L);
    }
    return n;
  }

  /** Side {@code side}'s account and its app type: {@code crm (hubspot)}. */
  static String app(ConnectionView c, String side, Map<String, String> types) {
    Object account = c.definition().get(side);
    if (account == null) {
      return "?";
    }
    String type = types.get(account.toString());
    return account + (type == null ? " (missing account)" : " (" + type + ")");
  }

  /** What a run did, in a few words: {@code 2 created · 1 updated · 1 failed}. */
  static String summary(RunRecord run) {
    long created = 0;
    long updated = 0;
    long deleted = 0;
    long failed = 0;
    for (Map<String, Long> c : run.counts().values()) {
      created += c.getOrDefault("created.a", 0L) + c.getOrDefault("created.b", 0L);
      updated += c.getOrDefault("updated.a", 0L) + c.getOrDefault("updated.b", 0L);
      deleted += c.getOrDefault("deleted.a", 0L) + c.getOrDefault("deleted.b", 0L);
      failed += c.getOrDefault("failed", 0L);
    }
    List<String> parts = new ArrayList<>();
    if (created > 0) {
      parts.add(created + " created");
    }
    if (updated > 0) {
      parts.add(updated + " updated");
    }
    if (deleted > 0) {
      parts.add(deleted + " deleted");
    }
    if (failed > 0) {
      parts.add(failed + " failed");
    }
    String what = parts.isEmpty() ? "no changes" : String.join(" · ", parts);
    return switch (run.status()) {
      case "running" -> run.kind() + " run in progress";
      case "failed" -> run.kind() + " run failed" + (parts.isEmpty() ? "" : ": " + what);
      default -> run.kind() + ": " + what;
    };
  }
}
