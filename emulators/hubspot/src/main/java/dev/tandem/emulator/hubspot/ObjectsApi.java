package dev.tandem.emulator.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.emulator.hubspot.HubSpotEmulator.Reply;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CRM objects v3 endpoints: list, get, create, update, archive, batches, search, properties.
 */
final class ObjectsApi {
  static final int MAX_PAGE = 100;
  static final int MAX_BATCH = 100;

  private final CrmStore store;
  private final PropertyCatalog catalog;
  private final SearchEngine search;

  ObjectsApi(CrmStore store, PropertyCatalog catalog, SearchEngine search) {
    this.store = store;
    this.catalog = catalog;
    this.search = search;
  }

  static ObjectKind kind(Context ctx, String param) {
    String t = ctx.pathParam(param);
    return ObjectKind.parse(t)
        .orElseThrow(() -> ApiException.validation("Unable to infer object type from: " + t));
  }

  // ---- single-record endpoints ----

  Reply list(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    int limit = intParam(ctx, "limit", 10);
    if (limit < 1 || limit > MAX_PAGE) {
      throw ApiException.validation(
          "limit must be between 1 and " + MAX_PAGE + " but was " + limit);
    }
    long after = 0;
    String a = ctx.queryParam("after");
    if (a != null && !a.isEmpty()) {
      Long parsed = CrmStore.parseId(a);
      if (parsed == null) {
        throw ApiException.validation(
            "after must be a cursor from paging.next.after, but was " + a);
      }
      after = parsed;
    }
    boolean archived = Boolean.parseBoolean(ctx.queryParam("archived"));
    List<String> properties = listParam(ctx, "properties");
    List<ObjectKind> assoc = associationsParam(ctx);
    List<CrmObject> page = store.page(kind, after, limit, archived);
    List<Object> results = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      results.add(render(page.get(i), properties, assoc));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("results", results);
    if (page.size() > limit) {
      String next = Long.toString(page.get(limit - 1).id + 1);
      StringBuilder link =
          new StringBuilder(ctx.scheme() + "://" + ctx.host() + ctx.path() + "?limit=" + limit);
      if (archived) {
        link.append("&archived=true");
      }
      link.append("&after=").append(next);
      body.put("paging", Map.of("next", Map.of("after", next, "link", link.toString())));
    }
    return new Reply(200, body);
  }

  Reply get(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    boolean archived = Boolean.parseBoolean(ctx.queryParam("archived"));
    CrmObject o = store.getBy(kind, ctx.queryParam("idProperty"), ctx.pathParam("id"), archived);
    if (o == null) {
      throw ApiException.notFound("resource not found");
    }
    return new Reply(200, render(o, listParam(ctx, "properties"), associationsParam(ctx)));
  }

  Reply create(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    JsonNode body = Json.read(ctx.body());
    Map<String, String> props = properties(body);
    CrmObject o = store.create(kind, props, associationInputs(body));
    return new Reply(201, RecordView.render(o, withDefaults(kind, props.keySet()), catalog));
  }

  Reply update(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    Map<String, String> props = properties(Json.read(ctx.body()));
    long id = resolveId(kind, ctx.queryParam("idProperty"), ctx.pathParam("id"));
    CrmObject o = store.update(kind, id, props);
    return new Reply(200, RecordView.render(o, withDefaults(kind, props.keySet()), catalog));
  }

  Reply archive(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    Long id = CrmStore.parseId(ctx.pathParam("id"));
    if (id != null) {
      store.archive(kind, id);
    }
    return new Reply(204, null);
  }

  private long resolveId(ObjectKind kind, String idProperty, String value) {
    CrmObject o = store.getBy(kind, idProperty, value, false);
    if (o == null) {
      throw ApiException.notFound("Object not found.  objectId are usually numeric.");
    }
    return o.id;
  }

  // ---- batches ----

  Reply batchRead(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    JsonNode body = Json.read(ctx.body());
    JsonNode inputs = inputs(body);
    boolean archived = Boolean.parseBoolean(ctx.queryParam("archived"));
    String idProperty = body.path("idProperty").asText(null);
    List<String> properties = stringList(body.path("properties"));
    String started = now();
    List<Object> results = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (JsonNode in : inputs) {
      String id = in.path("id").asText();
      CrmObject o = store.getBy(kind, idProperty, id, archived);
      if (o == null) {
        missing.add(id);
      } else if (seen.add(o.id)) {
        results.add(RecordView.render(o, properties.isEmpty() ? null : properties, catalog));
      }
    }
    List<Map<String, Object>> errors = new ArrayList<>();
    if (!missing.isEmpty()) {
      errors.add(
          batchError(
              "OBJECT_NOT_FOUND",
              "Could not get some "
                  + kind.upper()
                  + " objects, they may be deleted or not exist. Check that ids are valid.",
              Map.of("ids", missing)));
    }
    return batchReply(200, started, results, errors);
  }

  /**
   * Creates up to 100 records. With an {@code objectWriteTraceId} on every input, HubSpot's
   * multi-status mode: each input succeeds or fails alone (207, errors naming the trace id).
   * Otherwise the batch is all-or-nothing: the first bad input fails the whole request.
   */
  Reply batchCreate(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    JsonNode inputs = inputs(Json.read(ctx.body()));
    String started = now();
    boolean multiStatus = true;
    for (JsonNode in : inputs) {
      multiStatus &= in.hasNonNull("objectWriteTraceId");
    }
    List<Object> results = new ArrayList<>();
    List<Map<String, Object>> errors = new ArrayList<>();
    synchronized (store) {
      if (!multiStatus) {
        checkAllOrNothing(kind, inputs);
      }
      for (JsonNode in : inputs) {
        Map<String, String> props = properties(in);
        try {
          CrmObject o = store.create(kind, props, associationInputs(in));
          Map<String, Object> r = RecordView.render(o, withDefaults(kind, props.keySet()), catalog);
          if (in.hasNonNull("objectWriteTraceId")) {
            r.put("objectWriteTraceId", in.get("objectWriteTraceId").asText());
          }
          results.add(r);
        } catch (ApiException e) {
          errors.add(
              batchError(
                  e.category,
                  e.getMessage(),
                  Map.of("objectWriteTraceId", List.of(in.get("objectWriteTraceId").asText()))));
        }
      }
    }
    return batchReply(201, started, results, errors);
  }

  private void checkAllOrNothing(ObjectKind kind, JsonNode inputs) {
    Set<String> emails = new HashSet<>();
    for (JsonNode in : inputs) {
      Map<String, String> props = properties(in);
      store.validate(kind, props, true);
      String email = props.get("email");
      if (kind == ObjectKind.CONTACTS && email != null && !email.isEmpty()) {
        CrmObject existing = store.getBy(kind, "email", email, false);
        if (existing != null) {
          throw new ApiException(
              409, "CONFLICT", "Contact already exists. Existing ID: " + existing.id);
        }
        if (!emails.add(email.toLowerCase(Locale.ROOT))) {
          throw ApiException.validation("Duplicate emails found in batch input: [" + email + "]");
        }
      }
    }
  }

  /** Updates up to 100 records; each input succeeds or fails alone (207 on any failure). */
  Reply batchUpdate(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    JsonNode inputs = inputs(Json.read(ctx.body()));
    String started = now();
    Set<String> ids = new HashSet<>();
    for (JsonNode in : inputs) {
      if (!ids.add(in.path("idProperty").asText("") + ":" + in.path("id").asText())) {
        throw ApiException.validation(
            "Duplicate IDs found in batch input: [" + in.path("id").asText() + "]");
      }
    }
    List<Object> results = new ArrayList<>();
    List<Map<String, Object>> errors = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (JsonNode in : inputs) {
      String id = in.path("id").asText();
      Map<String, String> props = properties(in);
      CrmObject target = store.getBy(kind, in.path("idProperty").asText(null), id, false);
      if (target == null) {
        missing.add(id);
        continue;
      }
      try {
        CrmObject o = store.update(kind, target.id, props);
        results.add(RecordView.render(o, withDefaults(kind, props.keySet()), catalog));
      } catch (ApiException e) {
        errors.add(batchError(e.category, e.getMessage(), Map.of("ids", List.of(id))));
      }
    }
    if (!missing.isEmpty()) {
      errors.add(
          batchError(
              "OBJECT_NOT_FOUND",
              "Could not get some "
                  + kind.upper()
                  + " objects, they may be deleted or not exist. Check that ids are valid.",
              Map.of("ids", missing)));
    }
    return batchReply(200, started, results, errors);
  }

  /** Creates or updates by a unique property ({@code idProperty}, e.g. email). */
  Reply batchUpsert(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    JsonNode inputs = inputs(Json.read(ctx.body()));
    String started = now();
    List<Object> results = new ArrayList<>();
    List<Map<String, Object>> errors = new ArrayList<>();
    synchronized (store) {
      for (JsonNode in : inputs) {
        String idProperty = in.path("idProperty").asText("hs_object_id");
        String id = in.path("id").asText();
        Map<String, String> props = properties(in);
        try {
          CrmObject existing = store.getBy(kind, idProperty, id, false);
          CrmObject o;
          boolean created = existing == null;
          if (created) {
            if (idProperty.equals("hs_object_id")) {
              throw ApiException.notFound("Object not found.  objectId are usually numeric.");
            }
            Map<String, String> withKey = new LinkedHashMap<>(props);
            withKey.put(idProperty, id);
            o = store.create(kind, withKey, List.of());
          } else {
            o = store.update(kind, existing.id, props);
          }
          Map<String, Object> r = RecordView.render(o, withDefaults(kind, props.keySet()), catalog);
          r.put("new", created);
          results.add(r);
        } catch (ApiException e) {
          errors.add(batchError(e.category, e.getMessage(), Map.of("ids", List.of(id))));
        }
      }
    }
    return batchReply(200, started, results, errors);
  }

  Reply batchArchive(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    JsonNode inputs = inputs(Json.read(ctx.body()));
    for (JsonNode in : inputs) {
      Long id = CrmStore.parseId(in.path("id").asText());
      if (id != null) {
        store.archive(kind, id);
      }
    }
    return new Reply(204, null);
  }

  Reply search(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    JsonNode body = Json.read(ctx.body());
    return new Reply(200, store.query(kind, live -> search.search(kind, body, live)));
  }

  // ---- properties ----

  Reply properties(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    List<Object> results = new ArrayList<>();
    for (PropertyDefinition p : catalog.all(kind)) {
      results.add(p.toJson("2019-08-06T02:43:14.491Z"));
    }
    return new Reply(200, Map.of("results", results));
  }

  Reply property(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    PropertyDefinition p = catalog.get(kind, ctx.pathParam("name"));
    if (p == null) {
      throw ApiException.notFound(
          "Unable to find property " + ctx.pathParam("name") + " for object type " + kind.typeId);
    }
    return new Reply(200, p.toJson("2019-08-06T02:43:14.491Z"));
  }

  Reply createProperty(Context ctx) {
    ObjectKind kind = kind(ctx, "type");
    JsonNode b = Json.read(ctx.body());
    String name = b.path("name").asText("");
    String type = b.path("type").asText("");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw ApiException.validation(
          "Property name '"
              + name
              + "' must start with a lowercase letter and contain only"
              + " lowercase letters, digits and underscores");
    }
    if (!Set.of("string", "number", "date", "datetime", "enumeration", "bool", "phone_number")
        .contains(type)) {
      throw ApiException.validation("Unknown property type '" + type + "'");
    }
    List<PropertyDefinition.Option> options = new ArrayList<>();
    for (JsonNode o : b.path("options")) {
      options.add(
          new PropertyDefinition.Option(o.path("label").asText(), o.path("value").asText()));
    }
    PropertyDefinition p =
        catalog.create(
            kind,
            new PropertyDefinition(
                name,
                b.path("label").asText(name),
                type,
                b.path("fieldType").asText("text"),
                b.path("groupName").asText(kind.singular + "information"),
                options,
                b.path("hasUniqueValue").asBoolean(false),
                false,
                false));
    return new Reply(201, p.toJson(Json.iso(System.currentTimeMillis())));
  }

  // ---- helpers ----

  private Map<String, Object> render(CrmObject o, List<String> properties, List<ObjectKind> assoc) {
    Map<String, Object> r = RecordView.render(o, properties, catalog);
    if (!assoc.isEmpty()) {
      Map<String, Object> all = new LinkedHashMap<>();
      for (ObjectKind to : assoc) {
        List<Object> list = new ArrayList<>();
        String primary =
            o.kind == ObjectKind.CONTACTS && to == ObjectKind.COMPANIES
                ? o.get("associatedcompanyid")
                : null;
        for (Long toId : store.associated(o.kind, o.id, to)) {
          boolean isPrimary = Long.toString(toId).equals(primary);
          if (isPrimary) {
            list.add(
                Map.of(
                    "id", Long.toString(toId), "type", AssociationTypes.v3Name(o.kind, to, true)));
          }
          list.add(
              Map.of(
                  "id", Long.toString(toId), "type", AssociationTypes.v3Name(o.kind, to, false)));
        }
        if (!list.isEmpty()) {
          all.put(to.plural, Map.of("results", list));
        }
      }
      if (!all.isEmpty()) {
        r.put("associations", all);
      }
    }
    return r;
  }

  private static Set<String> withDefaults(ObjectKind kind, Set<String> written) {
    Set<String> s = new LinkedHashSet<>(kind.defaultProperties);
    s.addAll(written);
    return s;
  }

  private static JsonNode inputs(JsonNode body) {
    JsonNode inputs = body.path("inputs");
    if (!inputs.isArray()) {
      throw ApiException.validation("Invalid input JSON: 'inputs' must be an array");
    }
    if (inputs.size() > MAX_BATCH) {
      throw new ApiException(
          400,
          "VALIDATION_ERROR",
          "The maximum number of inputs supported in a batch request is "
              + MAX_BATCH
              + ". Please reduce the number of items and try again",
          List.of(
              Map.of(
                  "message",
                  "inputs: size must be between 0 and " + MAX_BATCH,
                  "code",
                  "TOO_MANY_INPUTS",
                  "context",
                  Map.of("inputs", List.of(Integer.toString(inputs.size()))))),
          Map.of());
    }
    return inputs;
  }

  /** The properties object of an input, every value as a string (null becomes ""). */
  static Map<String, String> properties(JsonNode in) {
    Map<String, String> props = new LinkedHashMap<>();
    JsonNode p = in.path("properties");
    if (!p.isMissingNode() && !p.isObject()) {
      throw ApiException.validation("Invalid input JSON: 'properties' must be an object");
    }
    p.fields()
        .forEachRemaining(
            e -> props.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    return props;
  }

  private static List<CrmStore.AssociationInput> associationInputs(JsonNode in) {
    List<CrmStore.AssociationInput> out = new ArrayList<>();
    for (JsonNode a : in.path("associations")) {
      Long toId = CrmStore.parseId(a.path("to").path("id").asText());
      if (toId == null) {
        throw ApiException.validation("association 'to.id' must be a record id");
      }
      JsonNode types = a.path("types");
      if (types.isEmpty()) {
        throw ApiException.validation("association 'types' must name at least one type");
      }
      out.add(new CrmStore.AssociationInput(toId, types.get(0).path("associationTypeId").asInt()));
    }
    return out;
  }

  private static Map<String, Object> batchError(
      String category, String message, Map<String, Object> context) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("status", "error");
    e.put("category", category);
    e.put("message", message);
    e.put("context", context);
    return e;
  }

  private static Reply batchReply(
      int okStatus, String started, List<Object> results, List<Map<String, Object>> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "COMPLETE");
    body.put("results", results);
    if (!errors.isEmpty()) {
      body.put("numErrors", errors.size());
      body.put("errors", errors);
    }
    body.put("requestedAt", started);
    body.put("startedAt", started);
    body.put("completedAt", now());
    return new Reply(errors.isEmpty() ? okStatus : 207, body);
  }

  private static String now() {
    return Json.iso(System.currentTimeMillis());
  }

  private static int intParam(Context ctx, String name, int fallback) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiException.validation(name + " must be a number, but was " + v);
    }
  }

  /** A repeated or comma-separated query parameter; null when absent. */
  private static List<String> listParam(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  private static List<ObjectKind> associationsParam(Context ctx) {
    List<String> names = listParam(ctx, "associations");
    List<ObjectKind> out = new ArrayList<>();
    if (names != null) {
      for (String n : names) {
        out.add(
            ObjectKind.parse(n)
                .orElseThrow(
                    () -> ApiException.validation("Unable to infer object type from: " + n)));
      }
    }
    return out;
  }

  private static List<String> stringList(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }
}
