package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dataverse Web API below {@code /api/data/v9.2}: entity sets, single records, their columns,
 * queries with paging and change tracking. {@code $batch} is handled by {@link BatchProcessor},
 * which calls back into {@link #handle} for each part.
 */
final class WebApi {
  static final String ROOT = "/api/data/v9.2";
  static final int MAX_PAGE_SIZE = 5000;

  private static final Pattern ENTITY =
      Pattern.compile("^([A-Za-z_]+)\\(([^)]*)\\)(?:/([A-Za-z0-9_]+))?(/\\$ref)?$");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final ObjectMapper json;
  private final Map<String, EntitySet> sets;
  private final DataStore store;
  private final DeltaTokens tokens;
  private final Clock clock;
  private final Supplier<String> origin;
  private final RowWriter writer;

  WebApi(
      ObjectMapper json,
      Map<String, EntitySet> sets,
      DataStore store,
      DeltaTokens tokens,
      Clock clock,
      Supplier<String> origin) {
    this.json = json;
    this.sets = sets;
    this.store = store;
    this.tokens = tokens;
    this.clock = clock;
    this.origin = origin;
    this.writer = new RowWriter(json, sets, store, clock);
  }

  /** The service root URL, e.g. {@code http://localhost:1234/api/data/v9.2}. */
  String base() {
    return origin.get() + ROOT;
  }

  /** The path template of a request for the stats, e.g. {@code GET /api/data/v9.2/contacts(id)}. */
  static String template(String method, String path) {
    Matcher m = ENTITY.matcher(path);
    String t;
    if (m.matches()) {
      t = m.group(1) + "(id)" + (m.group(3) == null ? "" : "/" + m.group(3));
      t += m.group(4) == null ? "" : "/$ref";
    } else {
      t = path;
    }
    return method + " " + ROOT + (t.isEmpty() ? "/" : "/" + t);
  }

  /** Handles one request; a refused request becomes its Dataverse error response. */
  ApiResponse handle(ApiRequest r) {
    try {
      return dispatch(r);
    } catch (DataverseError e) {
      return error(e);
    }
  }

  ApiResponse error(DataverseError e) {
    ObjectNode body = json.createObjectNode();
    ObjectNode err = body.putObject("error");
    err.put("code", e.code);
    err.put("message", e.getMessage());
    ApiResponse resp = new ApiResponse(e.status).json(body.toString());
    if (e.retryAfterSeconds > 0) {
      resp.header("Retry-After", String.valueOf(e.retryAfterSeconds));
    }
    return resp;
  }

  private ApiResponse dispatch(ApiRequest r) {
    String path = r.path();
    if (path.isEmpty()) {
      return serviceDocument();
    }
    if (path.equals("WhoAmI") || path.equals("WhoAmI()")) {
      ObjectNode o = json.createObjectNode();
      o.put("@odata.context", base() + "/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse");
      o.put("BusinessUnitId", "6e1b8a3f-0000-4000-8000-000000000001");
      o.put("UserId", "6e1b8a3f-0000-4000-8000-000000000002");
      o.put("OrganizationId", "6e1b8a3f-0000-4000-8000-000000000003");
      return new ApiResponse(200).json(o.toString());
    }
    EntitySet collection = sets.get(path);
    if (collection != null) {
      return switch (r.method()) {
        case "GET" -> list(collection, r);
        case "POST" -> create(collection, r);
        default -> throw methodNotAllowed(r);
      };
    }
    Matcher m = ENTITY.matcher(path);
    if (!m.matches() || !sets.containsKey(m.group(1))) {
      String segment = path.contains("(") ? path.substring(0, path.indexOf('(')) : path;
      throw new DataverseError(
          404, "0x8006088a", "Resource not found for the segment '" + segment + "'.");
    }
    EntitySet set = sets.get(m.group(1));
    String id = key(set, m.group(2));
    String property = m.group(3);
    if (m.group(4) != null) {
      if (!r.method().equals("DELETE")) {
        throw methodNotAllowed(r);
      }
      return disassociate(set, id, property);
    }
    if (property != null) {
      return property(set, id, property, r);
    }
    return switch (r.method()) {
      case "GET" -> retrieve(set, id, r);
      case "PATCH" -> upsert(set, id, r);
      case "DELETE" -> delete(set, id, r);
      default -> throw methodNotAllowed(r);
    };
  }

  private DataverseError methodNotAllowed(ApiRequest r) {
    return new DataverseError(
        405,
        "0x80060888",
        "The HTTP method '" + r.method() + "' is not allowed on '" + r.path() + "'.");
  }

  private String key(EntitySet set, String raw) {
    String k = raw;
    if (k.startsWith(set.key() + "=")) {
      k = k.substring(set.key().length() + 1);
    }
    k = k.replace("{", "").replace("}", "");
    if (!GUID.matcher(k).matches()) {
      throw DataverseError.badRequest(
          "Bad Request - Error in query syntax: '"
              + raw
              + "' is not a valid key of '"
              + set.name()
              + "' (a Guid is expected).");
    }
    return k.toLowerCase(Locale.ROOT);
  }

  private ApiResponse serviceDocument() {
    ObjectNode o = json.createObjectNode();
    o.put("@odata.context", base() + "/$metadata");
    ArrayNode v = o.putArray("value");
    for (EntitySet s : sets.values()) {
      v.addObject().put("name", s.name()).put("kind", "EntitySet").put("url", s.name());
    }
    return new ApiResponse(200).json(o.toString());
  }

  // ---------------------------------------------------------------- queries

  private ApiResponse list(EntitySet set, ApiRequest r) {
    QueryOptions q = new QueryOptions(r.query());
    Prefer prefer = new Prefer(r.header("Prefer"));
    List<String> select = select(set, q.get("$select"));
    String deltaToken = q.get("$deltatoken");
    String skipToken = q.get("$skiptoken");
    boolean tracking =
        deltaToken != null
            || prefer.trackChanges
            || (skipToken != null && "True".equals(cookie(skipToken, "istracking")));
    if (tracking) {
      for (String unsupported : List.of("$filter", "$orderby", "$expand", "$top")) {
        if (q.has(unsupported)) {
          throw new DataverseError(
              400,
              DataverseError.BAD_QUERY,
              "The \""
                  + unsupported
                  + "\" query parameter isn't supported when Change Tracking is enabled.");
        }
      }
    }
    if (q.has("$expand")) {
      throw DataverseError.badRequest("The emulator does not support $expand.");
    }
    if (q.has("$skip")) {
      throw DataverseError.badRequest("The query parameter $skip is not supported.");
    }
    int pageSize = prefer.maxPageSize == null ? MAX_PAGE_SIZE : prefer.maxPageSize;
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      pageSize = MAX_PAGE_SIZE;
    }
    ApiResponse resp =
        tracking
            ? trackedPage(set, q, select, deltaToken, skipToken, pageSize, prefer)
            : queryPage(set, q, select, skipToken, pageSize, prefer);
    List<String> applied = new ArrayList<>();
    if (prefer.maxPageSize != null) {
      applied.add("odata.maxpagesize=" + prefer.maxPageSize);
    }
    if (prefer.trackChanges) {
      applied.add("odata.track-changes");
    }
    if (prefer.annotations != null) {
      applied.add("odata.include-annotations=\"" + prefer.annotations + "\"");
    }
    if (!applied.isEmpty()) {
      resp.header("Preference-Applied", String.join(",", applied));
    }
    return resp;
  }

  private ApiResponse queryPage(
      EntitySet set,
      QueryOptions q,
      List<String> select,
      String skipToken,
      int pageSize,
      Prefer prefer) {
    Predicate<Row> filter = q.has("$filter") ? Filter.parse(set, q.get("$filter")) : row -> true;
    List<Order> orderBy = orderBy(set, q.get("$orderby"));
    Integer top = null;
    if (q.has("$top")) {
      try {
        top = Integer.parseInt(q.get("$top").trim());
      } catch (NumberFormatException e) {
        throw DataverseError.badRequest("Invalid value '" + q.get("$top") + "' for $top.");
      }
    }
    // As documented: with Prefer: odata.maxpagesize, $top is ignored.
    if (prefer.maxPageSize != null) {
      top = null;
    }
    String lastId = skipToken == null ? null : cookie(skipToken, "last");
    int offset = skipToken == null ? 0 : parseInt(cookie(skipToken, "offset"), 0);
    int page = skipToken == null ? 1 : parseInt(cookie(skipToken, "pagenumber"), 2);
    List<Row> rows;
    if (orderBy.isEmpty()) {
      // Keyset paging on the primary key, like Dataverse's paging cookie: stable under writes.
      rows = new ArrayList<>();
      for (Row row : store.rowsAfter(set.name(), lastId)) {
        if (filter.test(row)) {
          rows.add(row);
          if (rows.size() > pageSize) {
            break;
          }
        }
      }
    } else {
      rows = new ArrayList<>(store.rowsAfter(set.name(), null).stream().filter(filter).toList());
      rows.sort(comparator(orderBy));
      rows = rows.subList(Math.min(offset, rows.size()), rows.size());
    }
    if (top != null && rows.size() > top) {
      rows = rows.subList(0, top);
    }
    boolean more = top == null && rows.size() > pageSize;
    List<Row> pageRows = more ? rows.subList(0, pageSize) : rows;
    ObjectNode body = json.createObjectNode();
    body.put("@odata.context", context(set, select, ""));
    ArrayNode value = body.putArray("value");
    for (Row row : pageRows) {
      value.add(render(set, row, select, prefer.annotations));
    }
    if (more) {
      String cookie =
          orderBy.isEmpty()
              ? "<cookie pagenumber=\""
                  + (page + 1)
                  + "\" last=\""
                  + pageRows.get(pageRows.size() - 1).id()
                  + "\" istracking=\"False\" />"
              : "<cookie pagenumber=\""
                  + (page + 1)
                  + "\" offset=\""
                  + (offset + pageSize)
                  + "\" istracking=\"False\" />";
      body.put("@odata.nextLink", link(set, q, cookie, "$skiptoken"));
    }
    return new ApiResponse(200).json(body.toString());
  }

  /**
   * A page of a change-tracking query: the initial one (every row, then a delta link) or a delta
   * (changed rows, then {@code $deletedEntity} rows, then a new delta link). Both page by row
   * version up to a snapshot version fixed on the first page, so a row changed while a client pages
   * is reported by the next delta instead of being lost.
   */
  private ApiResponse trackedPage(
      EntitySet set,
      QueryOptions q,
      List<String> select,
      String deltaToken,
      String skipToken,
      int pageSize,
      Prefer prefer) {
    long since = deltaToken == null ? 0 : tokens.check(deltaToken);
    long snapshot;
    long after;
    String phase;
    int page;
    if (skipToken == null) {
      snapshot = store.currentVersion();
      after = since;
      phase = "changed";
      page = 1;
    } else {
      snapshot = parseLong(cookie(skipToken, "snapshot"));
      after = parseLong(cookie(skipToken, "lastversion"));
      phase = cookie(skipToken, "phase") == null ? "changed" : cookie(skipToken, "phase");
      page = parseInt(cookie(skipToken, "pagenumber"), 2);
    }
    ObjectNode body = json.createObjectNode();
    body.put("@odata.context", context(set, select, deltaToken == null ? "" : "/$delta"));
    ArrayNode value = body.putArray("value");
    String nextCookie = null;
    if (phase.equals("changed")) {
      List<Row> changed = store.rowsChanged(set.name(), after, snapshot, pageSize + 1);
      boolean more = changed.size() > pageSize;
      List<Row> pageRows = more ? changed.subList(0, pageSize) : changed;
      for (Row row : pageRows) {
        value.add(render(set, row, select, prefer.annotations));
      }
      if (more) {
        nextCookie =
            trackingCookie(
                page + 1, "changed", pageRows.get(pageRows.size() - 1).version(), snapshot);
      } else if (deltaToken != null) {
        phase = "deleted";
        after = since;
      }
    }
    if (phase.equals("deleted") && nextCookie == null) {
      int room = pageSize - value.size();
      List<DataStore.Tombstone> gone = store.deletions(set.name(), after, snapshot, room + 1);
      boolean more = gone.size() > room;
      List<DataStore.Tombstone> pageGone = more ? gone.subList(0, room) : gone;
      for (DataStore.Tombstone t : pageGone) {
        ObjectNode d = value.addObject();
        d.put("@odata.context", base() + "/$metadata#" + set.name() + "/$deletedEntity");
        d.put("id", t.id());
        d.put("reason", "deleted");
      }
      if (more) {
        long last = pageGone.isEmpty() ? after : pageGone.get(pageGone.size() - 1).version();
        nextCookie = trackingCookie(page + 1, "deleted", last, snapshot);
      }
    }
    if (nextCookie != null) {
      body.put("@odata.nextLink", link(set, q, nextCookie, "$skiptoken"));
    } else {
      QueryOptions onlySelect = new QueryOptions(selectOnly(q));
      body.put("@odata.deltaLink", link(set, onlySelect, tokens.issue(snapshot), "$deltatoken"));
    }
    return new ApiResponse(200).json(body.toString());
  }

  private static String trackingCookie(int page, String phase, long lastVersion, long snapshot) {
    return "<cookie pagenumber=\""
        + page
        + "\" phase=\""
        + phase
        + "\" lastversion=\""
        + lastVersion
        + "\" snapshot=\""
        + snapshot
        + "\" istracking=\"True\" />";
  }

  private static String selectOnly(QueryOptions q) {
    return q.has("$select") ? "$select=" + QueryOptions.encode(q.get("$select")) : "";
  }

  private String link(EntitySet set, QueryOptions q, String token, String param) {
    String rest = q.encodeWithout("$skiptoken", "$deltatoken");
    if (param.equals("$skiptoken") && q.has("$deltatoken")) {
      rest =
          (rest.isEmpty() ? "" : rest + "&")
              + "$deltatoken="
              + QueryOptions.encode(q.get("$deltatoken"));
    }
    return base()
        + "/"
        + set.name()
        + "?"
        + (rest.isEmpty() ? "" : rest + "&")
        + param
        + "="
        + QueryOptions.encode(token);
  }

  private static String cookie(String token, String attr) {
    return QueryOptions.cookieAttribute(token, attr);
  }

  private static int parseInt(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException | NullPointerException e) {
      throw DataverseError.badRequest("The $skiptoken is not valid.");
    }
  }

  private String context(EntitySet set, List<String> select, String suffix) {
    return base()
        + "/$metadata#"
        + set.name()
        + (select == null ? "" : "(" + String.join(",", select) + ")")
        + suffix;
  }

  private List<String> select(EntitySet set, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : raw.split(",")) {
      String name = s.trim();
      if (set.attribute(name) == null) {
        throw new DataverseError(
            400,
            DataverseError.BAD_QUERY,
            "Could not find a property named '"
                + name
                + "' on type 'Microsoft.Dynamics.CRM."
                + set.logicalName()
                + "'.");
      }
      if (!out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  private record Order(EntitySet.Attribute attribute, boolean descending) {}

  private List<Order> orderBy(EntitySet set, String raw) {
    List<Order> out = new ArrayList<>();
    if (raw == null || raw.isBlank()) {
      return out;
    }
    for (String part : raw.split(",")) {
      String[] words = part.trim().split("\\s+");
      EntitySet.Attribute a = set.attribute(words[0]);
      if (a == null) {
        throw new DataverseError(
            400,
            DataverseError.BAD_QUERY,
            "Could not find a property named '"
                + words[0]
                + "' on type 'Microsoft.Dynamics.CRM."
                + set.logicalName()
                + "'.");
      }
      out.add(new Order(a, words.length > 1 && words[1].equalsIgnoreCase("desc")));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Row> comparator(List<Order> orders) {
    Comparator<Row> c = (x, y) -> 0;
    for (Order o : orders) {
      Comparator<Row> one =
          (x, y) -> {
            Object a = Filter.value(x, o.attribute());
            Object b = Filter.value(y, o.attribute());
            if (a == null || b == null) {
              // Nulls sort first ascending, as in SQL Server.
              return a == null ? (b == null ? 0 : -1) : 1;
            }
            if (a instanceof String s && b instanceof String t) {
              return s.compareToIgnoreCase(t);
            }
            return ((Comparable) a).compareTo(b);
          };
      c = c.thenComparing(o.descending() ? one.reversed() : one);
    }
    return c.thenComparing(Row::id);
  }

  /** A row as JSON: the etag, the selected columns (all when none), lookup annotations, the key. */
  ObjectNode render(EntitySet set, Row row, List<String> select, String annotations) {
    ObjectNode o = json.createObjectNode();
    o.put("@odata.etag", row.etag());
    List<String> cols = select == null ? new ArrayList<>(set.attributes().keySet()) : select;
    for (String c : cols) {
      if (c.equals(set.key())) {
        continue;
      }
      JsonNode v = row.values().get(c);
      EntitySet.Lookup lookup = set.lookupByValueProperty(c);
      if (lookup != null && v != null && !v.isNull() && wantsLookupAnnotations(annotations)) {
        String targetSet = row.lookupTargets().get(lookup.name());
        String nav =
            lookup.targets().entrySet().stream()
                .filter(e -> e.getValue().equals(targetSet))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(lookup.name());
        o.put(c + "@Microsoft.Dynamics.CRM.associatednavigationproperty", nav);
        o.put(c + "@Microsoft.Dynamics.CRM.lookuplogicalname", sets.get(targetSet).logicalName());
      }
      o.set(c, v == null ? JsonNodeFactory.instance.nullNode() : v);
    }
    o.put(set.key(), row.id());
    return o;
  }

  private static boolean wantsLookupAnnotations(String annotations) {
    if (annotations == null) {
      return false;
    }
    for (String a : annotations.split(",")) {
      String t = a.trim();
      if (t.equals("*")
          || t.equals("Microsoft.Dynamics.CRM.*")
          || t.equals("Microsoft.Dynamics.CRM.lookuplogicalname")
          || t.equals("Microsoft.Dynamics.CRM.associatednavigationproperty")) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- single records

  private ApiResponse retrieve(EntitySet set, String id, ApiRequest r) {
    Row row = store.get(set.name(), id);
    if (row == null) {
      throw DataverseError.notFound(set.logicalName(), id);
    }
    Prefer prefer = new Prefer(r.header("Prefer"));
    String ifNoneMatch = r.header("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.equals(row.etag()) && prefer.annotations == null) {
      return new ApiResponse(304);
    }
    List<String> select = select(set, new QueryOptions(r.query()).get("$select"));
    ObjectNode o = json.createObjectNode();
    o.put("@odata.context", context(set, select, "/$entity"));
    o.setAll(render(set, row, select, prefer.annotations));
    ApiResponse resp = new ApiResponse(200).json(o.toString()).header("ETag", row.etag());
    if (prefer.annotations != null) {
      resp.header("Preference-Applied", "odata.include-annotations=\"" + prefer.annotations + "\"");
    }
    return resp;
  }

  private ApiResponse create(EntitySet set, ApiRequest r) {
    ObjectNode body = writer.parseBody(r);
    return store.exclusively(
        () -> {
          JsonNode given = body.get(set.key());
          String id =
              given == null || given.isNull()
                  ? UUID.randomUUID().toString()
                  : key(set, given.asText());
          if (store.get(set.name(), id) != null) {
            throw new DataverseError(
                412,
                DataverseError.DUPLICATE_KEY,
                "A record with matching key values already exists.");
          }
          Row row = writer.write(set, id, null, body);
          return written(set, row, r, true);
        });
  }

  private ApiResponse upsert(EntitySet set, String id, ApiRequest r) {
    ObjectNode body = writer.parseBody(r);
    String ifMatch = r.header("If-Match");
    String ifNoneMatch = r.header("If-None-Match");
    return store.exclusively(
        () -> {
          Row existing = store.get(set.name(), id);
          if (existing == null) {
            if (ifMatch != null) {
              throw DataverseError.notFound(set.logicalName(), id);
            }
          } else {
            if ("*".equals(ifNoneMatch)) {
              throw new DataverseError(
                  412,
                  DataverseError.DUPLICATE_KEY,
                  "A record with matching key values already exists.");
            }
            if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(existing.etag())) {
              throw versionMismatch();
            }
          }
          Row row = writer.write(set, id, existing, body);
          return written(set, row, r, existing == null);
        });
  }

  private static DataverseError versionMismatch() {
    return new DataverseError(
        412,
        DataverseError.VERSION_MISMATCH,
        "The version of the existing record doesn't match the RowVersion property provided.");
  }

  private ApiResponse written(EntitySet set, Row row, ApiRequest r, boolean created) {
    Prefer prefer = new Prefer(r.header("Prefer"));
    String uri = base() + "/" + set.name() + "(" + row.id() + ")";
    if (prefer.returnRepresentation) {
      List<String> select = select(set, new QueryOptions(r.query()).get("$select"));
      ObjectNode o = json.createObjectNode();
      o.put("@odata.context", context(set, select, "/$entity"));
      o.setAll(render(set, row, select, prefer.annotations));
      return new ApiResponse(created ? 201 : 200)
          .json(o.toString())
          .header("Preference-Applied", "return=representation")
          .header("ETag", row.etag())
          .header("OData-EntityId", uri);
    }
    return new ApiResponse(204).header("Location", uri).header("OData-EntityId", uri);
  }

  private ApiResponse delete(EntitySet set, String id, ApiRequest r) {
    String ifMatch = r.header("If-Match");
    return store.exclusively(
        () -> {
          Row existing = store.get(set.name(), id);
          if (existing == null) {
            throw DataverseError.notFound(set.logicalName(), id);
          }
          if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(existing.etag())) {
            throw versionMismatch();
          }
          store.delete(set.name(), id);
          return new ApiResponse(204);
        });
  }

  private ApiResponse disassociate(EntitySet set, String id, String navigation) {
    EntitySet.Lookup lookup = set.lookupByNavigation(navigation);
    if (lookup == null) {
      throw DataverseError.badRequest(
          "'" + navigation + "' is not a single-valued navigation property of " + set.name() + ".");
    }
    return store.exclusively(
        () -> {
          Row existing = store.get(set.name(), id);
          if (existing == null) {
            throw DataverseError.notFound(set.logicalName(), id);
          }
          ObjectNode body = json.createObjectNode();
          body.putNull(navigation + "@odata.bind");
          writer.write(set, id, existing, body);
          return new ApiResponse(204);
        });
  }

  private ApiResponse property(EntitySet set, String id, String property, ApiRequest r) {
    EntitySet.Attribute a = set.attribute(property);
    if (a == null) {
      throw new DataverseError(
          400,
          DataverseError.BAD_QUERY,
          "Could not find a property named '"
              + property
              + "' on type 'Microsoft.Dynamics.CRM."
              + set.logicalName()
              + "'.");
    }
    return switch (r.method()) {
      case "GET" -> {
        Row row = store.get(set.name(), id);
        if (row == null) {
          throw DataverseError.notFound(set.logicalName(), id);
        }
        ObjectNode o = json.createObjectNode();
        o.put("@odata.context", base() + "/$metadata#" + set.name() + "(" + id + ")/" + property);
        JsonNode v = row.values().get(property);
        o.set("value", v == null ? JsonNodeFactory.instance.nullNode() : v);
        yield new ApiResponse(200).json(o.toString());
      }
      case "PUT", "DELETE" -> {
        ObjectNode update = json.createObjectNode();
        if (r.method().equals("PUT")) {
          JsonNode v = writer.parseBody(r).get("value");
          update.set(property, v == null ? JsonNodeFactory.instance.nullNode() : v);
        } else {
          update.putNull(property);
        }
        yield store.exclusively(
            () -> {
              Row existing = store.get(set.name(), id);
              if (existing == null) {
                throw DataverseError.notFound(set.logicalName(), id);
              }
              writer.write(set, id, existing, update);
              return new ApiResponse(204);
            });
      }
      default -> throw methodNotAllowed(r);
    };
  }
}
