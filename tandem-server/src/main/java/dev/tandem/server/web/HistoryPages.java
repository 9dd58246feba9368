package dev.tandem.server.web;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.service.SyncControl;
import dev.tandem.engine.store.ActivityEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.IndexEntry;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.SyncKey;
import dev.tandem.server.ServerContext;
import dev.tandem.server.ServiceException;
import dev.tandem.server.auth.Principal;
import dev.tandem.server.catalog.AccountView;
import dev.tandem.server.catalog.ConnectionView;
import dev.tandem.server.catalog.History;
import dev.tandem.server.catalog.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A connection's health, activity and run history pages. */
final class HistoryPages {
  static final int PAGE_SIZE = 50;

  /** How many runs the chart shows. */
  static final int CHART_RUNS = 30;

  private final ServerContext context;
  private final SyncControl sync;
  private final Templates templates;
  private final Times times;

  HistoryPages(ServerContext context, SyncControl sync, Templates templates, Times times) {
    this.context = context;
    this.sync = sync;
    this.templates = templates;
    this.times = times;
  }

  void install(RoutesConfig r, Function<Dashboard.PageHandler, Handler> page) {
    r.get(Paths.CONNECTIONS + "/{name}/health", page.apply(this::health));
    r.post(Paths.CONNECTIONS + "/{name}/health/retry", page.apply(this::retry));
    r.get(Paths.CONNECTIONS + "/{name}/activity", page.apply(this::activity));
    r.get(Paths.CONNECTIONS + "/{name}/runs", page.apply(this::runs));
  }

  static ConnectionHeader header(ServerContext context, Principal p, ConnectionView c, String tab) {
    Map<String, String> types =
        context.catalog().accounts(p.workspace()).stream()
            .collect(Collectors.toMap(AccountView::name, AccountView::type, (x, y) -> x));
    return new ConnectionHeader(
        c.name(),
        c.name(),
        ConnectionsPages.app(c, "a", types),
        ConnectionsPages.app(c, "b", types),
        tab);
  }

  private void health(Context ctx, Principal p) {
    ConnectionView c = context.catalog().connection(p.workspace(), ctx.pathParam("name"));
    List<ObjectType> types = types(c);
    String typeParam = param(ctx, "type");
    ObjectType type = typeParam.isEmpty() ? null : objectType(typeParam);
    String stateParam = param(ctx, "state");
    HealthState state = stateParam.isEmpty() ? null : state(stateParam);
    int pageNo = pageNumber(ctx);

    List<HealthPage.Row> rows = new ArrayList<>();
    boolean more = false;
    if (state != HealthState.SYNCED) {
      Page<History.Health> page =
          context.history().health(p.workspace(), c.name(), state, type, pageNo, PAGE_SIZE);
      more = page.more();
      Map<String, String> labels = labels(c, page.items());
      for (History.Health h : page.items()) {
        var e = h.entry();
        rows.add(
            new HealthPage.Row(
                h.type().id(),
                e.side().label(),
                e.id(),
                labels.getOrDefault(labelKey(h.type(), e.side(), e.id()), ""),
                e.state().id(),
                e.reason() == null ? "" : e.reason(),
                e.attempts(),
                e.state() == HealthState.FAILING ? times.format(e.nextAttempt(), "") : "",
                times.format(e.updatedAt(), "")));
      }
    }
    Map<HealthState, Long> counts = new EnumMap<>(HealthState.class);
    for (ObjectType t : type == null ? types : List.of(type)) {
      context
          .store()
          .healthCounts(new SyncKey(c.id(), t))
          .forEach((k, v) -> counts.merge(k, v, Long::sum));
    }
    List<HealthPage.Count> countRows = new ArrayList<>();
    for (HealthState s : HealthState.values()) {
      countRows.add(new HealthPage.Count(s.id(), counts.getOrDefault(s, 0L)));
    }
    String base = Paths.health(c.name(), typeParam, stateParam);
    String notice =
        "1".equals(ctx.queryParam("retried"))
            ? "The record will be tried again in the run that has just been started."
            : null;
    ctx.html(
        templates.render(
            "health.jte",
            new HealthPage(
                Dashboard.chrome(ctx, p, "Health of " + c.name(), "connections"),
                header(context, p, c, "health"),
                type == null ? "" : type.id(),
                types.stream().map(ObjectType::id).toList(),
                state == null ? "" : state.id(),
                countRows,
                rows,
                Pager.of(pageNo, more, base + (base.contains("?") ? "&" : "?")),
                notice)));
  }

  /** The match keys (email, domain, name) of the listed records, from the store's index. */
  private Map<String, String> labels(ConnectionView c, List<History.Health> items) {
    Map<String, List<String>> ids = new HashMap<>();
    for (History.Health h : items) {
      ids.computeIfAbsent(h.type().id() + ":" + h.entry().side().name(), k -> new ArrayList<>())
          .add(h.entry().id());
    }
    Map<String, String> out = new HashMap<>();
    ids.forEach(
        (k, list) -> {
          ObjectType t = ObjectType.parse(k.substring(0, k.indexOf(':'))).orElseThrow();
          Side side = Side.valueOf(k.substring(k.indexOf(':') + 1));
          for (Map.Entry<String, IndexEntry> e :
              context.store().indexById(new SyncKey(c.id(), t), side, list).entrySet()) {
            if (e.getValue().matchKey() != null) {
              out.put(labelKey(t, side, e.getKey()), e.getValue().matchKey());
            }
          }
        });
    return out;
  }

  private static String labelKey(ObjectType t, Side side, String id) {
    return t.id() + ":" + side.name() + ":" + id;
  }

  private void retry(Context ctx, Principal p) {
    ConnectionView c = context.catalog().connection(p.workspace(), ctx.pathParam("name"));
    ObjectType type = objectType(param(ctx, "type"));
    Side side =
        switch (param(ctx, "side")) {
          case "a" -> Side.A;
          case "b" -> Side.B;
          default -> throw ServiceException.invalid("side must be a or b");
        };
    String id = ctx.formParam("id");
    if (id == null || id.isBlank()) {
      throw ServiceException.invalid("which record? the form sent no id");
    }
    context.history().retry(p.workspace(), c.name(), type, side, id);
    sync.syncNow(c.id(), RunOptions.DEFAULT);
    String filterType = param(ctx, "filter-type");
    String base = Paths.health(c.name(), filterType, param(ctx, "state"));
    ctx.redirect(base + (base.contains("?") ? "&" : "?") + "retried=1", HttpStatus.SEE_OTHER);
  }

  private void activity(Context ctx, Principal p) {
    ConnectionView c = context.catalog().connection(p.workspace(), ctx.pathParam("name"));
    int pageNo = pageNumber(ctx);
    Page<ActivityEntry> page =
        context.history().activity(p.workspace(), c.name(), pageNo, PAGE_SIZE);
    List<ActivityPage.Row> rows = new ArrayList<>();
    for (ActivityEntry e : page.items()) {
      List<ActivityPage.Change> changes = new ArrayList<>();
      if (e.changes() != null) {
        e.changes()
            .forEach(
                (field, v) ->
                    changes.add(
                        new ActivityPage.Change(
                            field,
                            shown(v == null || v.isEmpty() ? null : v.get(0)),
                            shown(v == null || v.size() < 2 ? null : v.get(1)))));
      }
      rows.add(
          new ActivityPage.Row(
              times.format(e.at(), ""),
              e.type() == null ? "" : e.type().id(),
              e.side() == null ? "" : e.side().label(),
              e.recordId() == null ? "" : e.recordId(),
              e.action() == null ? "" : e.action(),
              changes,
              e.reason() == null ? "" : e.reason(),
              e.runId()));
    }
    ctx.html(
        templates.render(
            "activity.jte",
            new ActivityPage(
                Dashboard.chrome(ctx, p, "Activity of " + c.name(), "connections"),
                header(context, p, c, "activity"),
                rows,
                Pager.of(pageNo, page.more(), Paths.activity(c.name()) + "?"))));
  }

  private void runs(Context ctx, Principal p) {
    ConnectionView c = context.catalog().connection(p.workspace(), ctx.pathParam("name"));
    List<RunRecord> runs = context.history().runs(p.workspace(), c.name(), 1, PAGE_SIZE).items();
    List<RunsPage.Row> rows = new ArrayList<>();
    List<RunChart.Point> points = new ArrayList<>();
    for (RunRecord r : runs) {
      long written = 0;
      long read = 0;
      long failed = 0;
      for (Map<String, Long> m : r.counts().values()) {
        for (String k : List.of("created", "updated", "deleted")) {
          written += m.getOrDefault(k + ".a", 0L) + m.getOrDefault(k + ".b", 0L);
        }
        read += m.getOrDefault("read", 0L);
        failed += m.getOrDefault("failed", 0L);
      }
      long calls =
          r.apiCalls().values().stream()
              .flatMap(m -> m.values().stream())
              .mapToLong(Long::longValue)
              .sum();
      rows.add(
          new RunsPage.Row(
              r.id(),
              r.kind(),
              r.status(),
              times.format(r.startedAt(), ""),
              Times.duration(r.startedAt(), r.finishedAt()),
              written,
              read,
              failed,
              calls,
              r.error() == null ? "" : r.error()));
      if (points.size() < CHART_RUNS) {
        points.add(new RunChart.Point(r.id(), written, calls));
      }
    }
    java.util.Collections.reverse(points);
    ctx.html(
        templates.render(
            "runs.jte",
            new RunsPage(
                Dashboard.chrome(ctx, p, "Runs of " + c.name(), "connections"),
                header(context, p, c, "runs"),
                rows,
                RunChart.of(points))));
  }

  private static List<ObjectType> types(ConnectionView c) {
    if (c.parsed() != null) {
      return c.parsed().objects().stream().map(ObjectSyncSpec::type).toList();
    }
    List<ObjectType> out = new ArrayList<>();
    if (c.definition().get("objects") instanceof Map<?, ?> m) {
      m.keySet().forEach(k -> ObjectType.parse(k.toString()).ifPresent(out::add));
    }
    return out;
  }

  private static String shown(String v) {
    return v == null || v.isEmpty() ? "—" : v;
  }

  private static String param(Context ctx, String name) {
    String v = ctx.method().name().equals("POST") ? ctx.formParam(name) : ctx.queryParam(name);
    return v == null ? "" : v.strip();
  }

  private static ObjectType objectType(String id) {
    return ObjectType.parse(id)
        .orElseThrow(
            () ->
                ServiceException.invalid(
                    "unknown object type '" + id + "'; use contact, company or deal"));
  }

  private static HealthState state(String id) {
    try {
      return HealthState.valueOf(id.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalid(
          "unknown state '" + id + "'; use synced, excluded, duplicate, failing or pending");
    }
  }

  private static int pageNumber(Context ctx) {
    String v = ctx.queryParam("page");
    if (v == null || v.isBlank()) {
      return 1;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ServiceException.invalid("page must be a whole number from 1, not '" + v + "'");
  }
}
