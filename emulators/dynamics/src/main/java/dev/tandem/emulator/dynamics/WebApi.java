package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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

  private static final Pattern ENTITY =
      Pattern.compile("^([A-Za-z_]+)\\(([^)]*)\\)(?:/([A-Za-z0-9_]+))?(/\\$ref)?$");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final ObjectMapper json;
  private final Map<String, EntitySet> sets;
  private final DataStore store;
  private final Supplier<String> origin;
  private final RowWriter writer;
  private final RowRenderer rows;
  private final CollectionQuery query;

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
    this.origin = origin;
    this.writer = new RowWriter(json, sets, store, clock);
    this.rows = new RowRenderer(json, sets, this::base);
    this.query = new CollectionQuery(json, store, tokens, rows, this::base);
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
        case "GET" -> query.list(collection, r);
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
    List<String> select = rows.select(set, new QueryOptions(r.query()).get("$select"));
    ObjectNode o = json.createObjectNode();
    o.put("@odata.context", rows.context(set, select, "/$entity"));
    o.setAll(rows.render(set, row, select, prefer.annotations));
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
      List<String> select = rows.select(set, new QueryOptions(r.query()).get("$select"));
      ObjectNode o = json.createObjectNode();
      o.put("@odata.context", rows.context(set, select, "/$entity"));
      o.setAll(rows.render(set, row, select, prefer.annotations));
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
