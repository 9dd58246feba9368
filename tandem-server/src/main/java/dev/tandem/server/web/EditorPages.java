package dev.tandem.server.web;

import dev.tandem.core.mapping.FieldMappingSpec;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.rules.Rule;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.server.ServerContext;
import dev.tandem.server.ServiceException;
import dev.tandem.server.auth.Principal;
import dev.tandem.server.catalog.ConnectionView;
import dev.tandem.server.catalog.Definitions;
import dev.tandem.server.web.ConnectionPage.ObjectEditor;
import dev.tandem.server.web.ConnectionPage.RuleDraft;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A connection's mapping and rule editors. Saving writes the connection's definition through the
 * catalog, which reloads it in the sync service, so the next run follows the change.
 */
final class EditorPages {
  private static final String BASE = Paths.CONNECTIONS + "/{name}";
  private static final String OBJECT = BASE + "/objects/{type}";

  private final ServerContext context;
  private final Templates templates;

  EditorPages(ServerContext context, Templates templates) {
    this.context = context;
    this.templates = templates;
  }

  void install(RoutesConfig r, Function<Dashboard.PageHandler, Handler> page) {
    r.get(BASE, page.apply(this::show));
    r.post(OBJECT + "/fields", page.apply(this::saveFields));
    r.post(OBJECT + "/rules", page.apply(this::addRule));
    r.post(OBJECT + "/rules/{index}/delete", page.apply(this::removeRule));
    r.post(
        OBJECT + "/rules/check",
        page.apply(
            (ctx, p) ->
                ctx.html(
                    templates.render("rule-check.jte", RuleEditor.check(ctx.formParam("when"))))));
  }

  /** The apps' schemas of each object type, or why they could not be read. */
  private record Schemas(Map<ObjectType, Schema> a, Map<ObjectType, Schema> b, String error) {}

  /** What the page shows about one object type beyond the stored definition. */
  private record Override(
      ObjectType type,
      Function<String, String> mappingForm,
      String mappingError,
      RuleDraft draft,
      String ruleError) {}

  private void show(Context ctx, Principal p) {
    ConnectionView c = parsed(p, ctx.pathParam("name"));
    String notice =
        ObjectType.parse(String.valueOf(ctx.queryParam("saved")))
            .map(t -> "Saved the " + t.id() + " settings. The next run follows them.")
            .orElse(null);
    render(ctx, p, c, null, notice);
  }

  private void saveFields(Context ctx, Principal p) {
    ConnectionView c = parsed(p, ctx.pathParam("name"));
    ObjectSyncSpec spec = spec(c, ctx.pathParam("type"));
    Schemas schemas = schemas(c);
    List<FieldMappingSpec> fields;
    try {
      if (schemas.error() != null) {
        throw new MappingEditor.EditError(
            "the apps' fields could not be read, so the mappings cannot be checked: "
                + schemas.error());
      }
      fields =
          new MappingEditor(spec, schemas.a().get(spec.type()), schemas.b().get(spec.type()))
              .apply(ctx::formParam);
      save(p, c, withFields(spec, fields));
    } catch (MappingEditor.EditError | ServiceException e) {
      ctx.status(400);
      render(
          ctx, p, c, new Override(spec.type(), ctx::formParam, e.getMessage(), null, null), null);
      return;
    }
    saved(ctx, c, spec);
  }

  private void addRule(Context ctx, Principal p) {
    ConnectionView c = parsed(p, ctx.pathParam("name"));
    ObjectSyncSpec spec = spec(c, ctx.pathParam("type"));
    String direction = ctx.formParam("direction");
    String when = ctx.formParam("when");
    String set = ctx.formParam("set");
    try {
      List<Rule> rules = RuleEditor.add(spec.rules(), direction, when, set);
      save(p, c, withRules(spec, rules));
    } catch (RuleEditor.RuleError | ServiceException e) {
      ctx.status(400);
      RuleDraft draft =
          new RuleDraft(
              direction == null ? "a-to-b" : direction,
              when == null ? "" : when,
              set == null ? "" : set);
      render(ctx, p, c, new Override(spec.type(), null, null, draft, e.getMessage()), null);
      return;
    }
    saved(ctx, c, spec);
  }

  private void removeRule(Context ctx, Principal p) {
    ConnectionView c = parsed(p, ctx.pathParam("name"));
    ObjectSyncSpec spec = spec(c, ctx.pathParam("type"));
    int index;
    try {
      index = Integer.parseInt(ctx.pathParam("index"));
    } catch (NumberFormatException e) {
      throw ServiceException.notFound("no rule number '" + ctx.pathParam("index") + "'");
    }
    try {
      save(p, c, withRules(spec, RuleEditor.remove(spec.rules(), index)));
    } catch (RuleEditor.RuleError | ServiceException e) {
      ctx.status(400);
      render(ctx, p, c, new Override(spec.type(), null, null, null, e.getMessage()), null);
      return;
    }
    saved(ctx, c, spec);
  }

  private static void saved(Context ctx, ConnectionView c, ObjectSyncSpec spec) {
    ctx.redirect(
        Paths.connection(c.name()) + "?saved=" + spec.type().id() + "#object-" + spec.type().id(),
        HttpStatus.SEE_OTHER);
  }

  private void render(Context ctx, Principal p, ConnectionView c, Override o, String notice) {
    Schemas schemas = schemas(c);
    List<ObjectEditor> objects = new ArrayList<>();
    for (ObjectSyncSpec spec : c.parsed().objects()) {
      boolean mine = o != null && o.type() == spec.type();
      Schema a = schemas.a().getOrDefault(spec.type(), new Schema(spec.type(), List.of()));
      Schema b = schemas.b().getOrDefault(spec.type(), new Schema(spec.type(), List.of()));
      MappingEditor editor = new MappingEditor(spec, a, b);
      objects.add(
          new ObjectEditor(
              spec.type().id(),
              schemas.error(),
              mine && o.mappingForm() != null ? editor.rows(o.mappingForm()) : editor.rows(),
              mine ? o.mappingError() : null,
              RuleEditor.rows(spec.rules()),
              mine ? o.ruleError() : null,
              mine && o.draft() != null ? o.draft() : RuleDraft.EMPTY,
              MappingEditor.fieldNames(schemas.a().get(spec.type())),
              MappingEditor.fieldNames(schemas.b().get(spec.type()))));
    }
    ctx.html(
        templates.render(
            "connection.jte",
            new ConnectionPage(
                Dashboard.chrome(ctx, p, c.name(), "connections"),
                HistoryPages.header(context, p, c, "editor"),
                objects,
                notice)));
  }

  private ConnectionView parsed(Principal p, String name) {
    ConnectionView c = context.catalog().connection(p.workspace(), name);
    if (c.parsed() == null) {
      throw new ServiceException(
          409,
          "connection '"
              + name
              + "' cannot be edited here until its definition is fixed: "
              + c.problem());
    }
    return c;
  }

  private static ObjectSyncSpec spec(ConnectionView c, String type) {
    return c.parsed().objects().stream()
        .filter(o -> o.type().id().equals(type))
        .findFirst()
        .orElseThrow(
            () ->
                ServiceException.notFound(
                    "connection '" + c.name() + "' does not sync " + type + " records"));
  }

  /**
   * Reads both apps' schemas with fresh connectors (closed right after). Connectors make no API
   * call to be created; reading a schema may make one.
   */
  private Schemas schemas(ConnectionView c) {
    Map<ObjectType, Schema> a = new EnumMap<>(ObjectType.class);
    Map<ObjectType, Schema> b = new EnumMap<>(ObjectType.class);
    SyncConnection sc;
    try {
      sc = context.catalog().open(c.id());
    } catch (RuntimeException e) {
      return new Schemas(a, b, e.getMessage());
    }
    try {
      for (ObjectSyncSpec o : c.parsed().objects()) {
        a.put(o.type(), sc.a().schema(o.type()));
        b.put(o.type(), sc.b().schema(o.type()));
      }
      return new Schemas(a, b, null);
    } catch (RuntimeException e) {
      return new Schemas(a, b, e.getMessage());
    } finally {
      sc.a().close();
      sc.b().close();
    }
  }

  private void save(Principal p, ConnectionView c, ObjectSyncSpec changed) {
    TandemConfig.Connection old = c.parsed();
    List<ObjectSyncSpec> objects = new ArrayList<>();
    for (ObjectSyncSpec o : old.objects()) {
      objects.add(o.type() == changed.type() ? changed : o);
    }
    TandemConfig.Connection updated =
        new TandemConfig.Connection(old.name(), old.a(), old.b(), old.every(), objects, old.line());
    context.catalog().updateConnection(p.workspace(), c.name(), Definitions.toMap(updated));
  }

  private static ObjectSyncSpec withFields(ObjectSyncSpec s, List<FieldMappingSpec> fields) {
    return new ObjectSyncSpec(
        s.type(), s.match(), s.conflict(), s.deletes(), s.deleteGuard(), fields, s.rules());
  }

  private static ObjectSyncSpec withRules(ObjectSyncSpec s, List<Rule> rules) {
    return new ObjectSyncSpec(
        s.type(), s.match(), s.conflict(), s.deletes(), s.deleteGuard(), s.fields(), rules);
  }
}
