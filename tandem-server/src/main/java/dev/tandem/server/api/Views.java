package dev.tandem.server.api;

import dev.tandem.engine.PlannedWrite;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.service.ConnectionStatus;
import dev.tandem.engine.store.ActivityEntry;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.server.auth.ApiTokens;
import dev.tandem.server.auth.User;
import dev.tandem.server.catalog.AccountView;
import dev.tandem.server.catalog.ConnectionView;
import dev.tandem.server.catalog.History;
import dev.tandem.server.catalog.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The JSON shapes of the API, built field by field so that nothing leaves the server by accident
 * (credentials in particular). Times are ISO-8601 strings.
 */
public final class Views {
  private Views() {}

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  public static Map<String, Object> account(AccountView a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", a.name());
    m.put("type", a.type());
    m.put("settings", a.settings());
    m.put("credentials", new ArrayList<>(a.credentials()));
    return m;
  }

  public static Map<String, Object> status(ConnectionStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", s.state().label());
    m.put("detail", s.detail());
    m.put("lastRunAt", time(s.lastRunAt()));
    m.put("nextRunAt", time(s.nextRunAt()));
    return m;
  }

  public static Map<String, Object> connection(ConnectionView c, ConnectionStatus status) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("id", c.id());
    m.put("a", c.definition().get("a"));
    m.put("b", c.definition().get("b"));
    m.put("every", c.definition().getOrDefault("every", "5m"));
    m.put("status", status == null ? null : status(status));
    m.put("problem", c.problem());
    m.put("definition", c.definition());
    return m;
  }

  public static Map<String, Object> run(RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("kind", r.kind());
    m.put("status", r.status());
    m.put("startedAt", time(r.startedAt()));
    m.put("finishedAt", time(r.finishedAt()));
    m.put("counts", r.counts());
    m.put("apiCalls", r.apiCalls());
    m.put("error", r.error());
    return m;
  }

  public static Map<String, Object> report(RunReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", r.runId());
    m.put("kind", r.kind());
    m.put("status", r.status());
    Map<String, Object> counts = new TreeMap<>();
    r.counts().forEach((t, c) -> counts.put(t.id(), c));
    m.put("counts", counts);
    Map<String, Object> calls = new TreeMap<>();
    r.apiCalls().forEach((s, c) -> calls.put(s.label(), c));
    m.put("apiCalls", calls);
    m.put("durationMs", r.duration() == null ? null : r.duration().toMillis());
    m.put("error", r.error());
    List<Object> plan = new ArrayList<>();
    for (PlannedWrite w : r.plan()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("type", w.type().id());
      p.put("side", w.side().label());
      p.put("kind", w.kind().name().toLowerCase(java.util.Locale.ROOT));
      p.put("id", w.id());
      p.put("fields", new TreeMap<>(w.fields()));
      plan.add(p);
    }
    m.put("plan", plan);
    return m;
  }

  public static Map<String, Object> health(History.Health h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", h.type().id());
    m.put("side", h.entry().side().label());
    m.put("id", h.entry().id());
    m.put("state", h.entry().state().id());
    m.put("reason", h.entry().reason());
    m.put("attempts", h.entry().attempts());
    m.put("nextAttempt", time(h.entry().nextAttempt()));
    m.put("updatedAt", time(h.entry().updatedAt()));
    return m;
  }

  public static Map<String, Object> activity(ActivityEntry a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runId", a.runId());
    m.put("type", a.type() == null ? null : a.type().id());
    m.put("side", a.side() == null ? null : a.side().label());
    m.put("recordId", a.recordId());
    m.put("action", a.action());
    m.put("changes", a.changes());
    m.put("reason", a.reason());
    m.put("at", time(a.at()));
    return m;
  }

  public static Map<String, Object> user(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.name());
    m.put("workspace", u.workspace());
    m.put("admin", u.admin());
    return m;
  }

  public static Map<String, Object> token(ApiTokens.Info t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.label());
    m.put("createdAt", time(t.createdAt()));
    m.put("lastUsedAt", time(t.lastUsedAt()));
    return m;
  }

  public static <T> Map<String, Object> page(Page<T> p, Function<T, Object> view) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", p.items().stream().map(view).toList());
    m.put("page", p.page());
    m.put("size", p.size());
    m.put("more", p.more());
    return m;
  }
}
