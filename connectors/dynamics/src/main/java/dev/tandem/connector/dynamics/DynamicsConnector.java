package dev.tandem.connector.dynamics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.RateLimitedException;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Microsoft Dynamics 365 through the Dataverse Web API: contacts, accounts (companies) and
 * opportunities (deals).
 *
 * <p>API calls: {@link #currentCursor} lists the table with {@code Prefer: odata.track-changes}
 * (one request per 5000 rows) to get a delta link; scans page with {@code Prefer:
 * odata.maxpagesize}; incremental runs follow delta links, which report changed rows and deleted
 * ids; writes go as one {@code $batch} of up to 1000 independent operations; reads and finds put as
 * many values in a request as fit in a 6000-character query.
 */
final class DynamicsConnector implements Connector {

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * Characters of values per query URL. Web servers refuse long GET URLs (414); 6000 leaves room
   * for the $select and stays inside the common 8 KB limit.
   */
  private static final int URL_BUDGET = 6_000;

  private static final int MAX_PAGE_SIZE = 5000;
  private static final String ANNOTATIONS =
      "odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\"";

  private final String app;
  private final DynamicsSettings settings;
  private final ConnectorContext context;
  private final ObjectMapper json = new ObjectMapper();
  private final DataverseClient client;
  private final Map<ObjectType, EntityMapping> mappings = EntityMapping.all();
  private final String basePath;

  DynamicsConnector(String app, DynamicsSettings settings, ConnectorContext context) {
    this.app = app;
    this.settings = settings;
    this.context = context;
    this.client = new DataverseClient(app, settings, context, json);
    this.basePath = URI.create(settings.url()).getPath();
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(
        Set.of(ObjectType.CONTACT, ObjectType.COMPANY, ObjectType.DEAL),
        settings.pageSize(),
        settings.batchSize(),
        Capabilities.ChangeMode.TOKEN,
        true,
        false);
  }

  @Override
  public Schema schema(ObjectType type) {
    return mapping(type).schema();
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Page scan(ObjectType type, String pageToken) {
    EntityMapping m = mapping(type);
    String url = pageToken == null ? listingUrl(m) : ownUrl(pageToken, "page token");
    // The scan is a change-tracking listing: its last page brings the delta link, so an initial
    // sync lists each table once, not once for the cursor and again for the records.
    JsonNode body =
        getJson(
            url,
            m.set,
            "odata.track-changes," + pagePrefer(settings.pageSize()),
            "scanning " + m.set);
    List<Record> records = new ArrayList<>();
    for (JsonNode row : body.path("value")) {
      records.add(m.toRecord(row));
    }
    String next = text(body, "@odata.nextLink");
    return new Page(records, next, List.of(), next == null ? text(body, "@odata.deltaLink") : null);
  }

  /**
   * A change-tracking listing (5000 rows a page): its last page brings the delta link that is the
   * cursor. Dataverse hands out a delta link only at the end of such a listing, so this costs one
   * request per 5000 rows.
   */
  @Override
  public boolean scanYieldsCursor() {
    return true;
  }

  @Override
  public String currentCursor(ObjectType type) {
    EntityMapping m = mapping(type);
    // The delta link keeps the $select of the listing, so the listing selects every column the
    // changes must carry, even though only its last page's delta link is used.
    String url = listingUrl(m);
    while (true) {
      JsonNode body =
          getJson(
              url,
              m.set,
              "odata.track-changes,odata.maxpagesize=" + MAX_PAGE_SIZE,
              "starting change tracking of " + m.set);
      String next = text(body, "@odata.nextLink");
      if (next != null) {
        url = ownUrl(next, "page link");
        continue;
      }
      String delta = text(body, "@odata.deltaLink");
      if (delta == null) {
        throw noChangeTracking(m);
      }
      return delta;
    }
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    EntityMapping m = mapping(type);
    String url = ownUrl(cursor, "change cursor");
    DataverseClient.Reply r =
        client.send("GET", url, m.set, null, List.of("Prefer", pagePrefer(settings.pageSize())));
    if (r.status() == 400 && url.contains("$deltatoken=")) {
      throw new CursorExpiredException(
          client.prefix()
              + "Dynamics no longer accepts the change-tracking delta link for "
              + m.set
              + " ("
              + client.reason(r)
              + "); a full scan follows");
    }
    JsonNode body = parse(client.check(r, "reading changes of " + m.set));
    List<Record> changed = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    for (JsonNode row : body.path("value")) {
      if (isDeleted(row)) {
        deleted.add(row.path("id").asText());
      } else {
        changed.add(m.toRecord(row));
      }
    }
    String next = text(body, "@odata.nextLink");
    if (next != null) {
      return new Changes(changed, deleted, next, true, false);
    }
    String deltaLink = text(body, "@odata.deltaLink");
    if (deltaLink == null) {
      throw noChangeTracking(m);
    }
    return new Changes(changed, deleted, deltaLink, false, false);
  }

  private ConnectorException noChangeTracking(EntityMapping m) {
    return new ConnectorException(
        client.prefix()
            + "Dynamics returned no delta link for "
            + m.set
            + ": turn on 'Track changes' in the table's advanced options (Power Apps > Tables)",
        false);
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    EntityMapping m = mapping(type);
    List<String> valid = ids.stream().filter(id -> GUID.matcher(id).matches()).toList();
    return query(m, m.key, valid, "reading " + m.set + " by id");
  }

  @Override
  public List<Record> find(ObjectType type, String field, List<String> values) {
    EntityMapping m = mapping(type);
    EntityMapping.Field f = m.field(field);
    if (f == null || f.kind() != EntityMapping.Kind.TEXT) {
      throw new ConnectorException(
          client.prefix() + "cannot search " + m.set + " by '" + field + "' (not a text column)",
          false);
    }
    List<String> clean = values.stream().filter(v -> v != null && !v.isBlank()).toList();
    return query(m, f.attribute(), clean, "finding " + m.set + " by " + field);
  }

  /**
   * Rows whose column equals one of the values, as many values per request as fit in {@value
   * #URL_BUDGET} URL characters, with {@code Microsoft.Dynamics.CRM.In} (string comparisons are
   * case-insensitive in Dataverse).
   */
  private List<Record> query(EntityMapping m, String column, List<String> values, String what) {
    Map<String, Record> out = new LinkedHashMap<>();
    for (List<String> chunk : chunks(values)) {
      String filter;
      try {
        filter =
            "Microsoft.Dynamics.CRM.In(PropertyName='"
                + column
                + "',PropertyValues="
                + json.writeValueAsString(chunk)
                + ")";
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      String url =
          settings.url() + "/" + m.set + "?$select=" + enc(m.select()) + "&$filter=" + enc(filter);
      while (url != null) {
        JsonNode body = getJson(url, m.set, pagePrefer(MAX_PAGE_SIZE), what);
        for (JsonNode row : body.path("value")) {
          Record r = m.toRecord(row);
          out.put(r.id(), r);
        }
        url = text(body, "@odata.nextLink");
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Values grouped so that each group's encoded filter stays within {@link #URL_BUDGET}. */
  private static List<List<String>> chunks(List<String> values) {
    List<List<String>> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int length = 0;
    for (String v : values) {
      // A value costs its encoded length plus quotes and a comma (%22 %22 %2C).
      int cost = enc(v).length() + 9;
      if (!current.isEmpty() && length + cost > URL_BUDGET) {
        out.add(current);
        current = new ArrayList<>();
        length = 0;
      }
      current.add(v);
      length += cost;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private String listingUrl(EntityMapping m) {
    return settings.url() + "/" + m.set + "?$select=" + enc(m.select());
  }

  private static String pagePrefer(int pageSize) {
    return "odata.maxpagesize=" + pageSize + "," + ANNOTATIONS;
  }

  private JsonNode getJson(String url, String template, String prefer, String what) {
    DataverseClient.Reply r = client.send("GET", url, template, null, List.of("Prefer", prefer));
    return parse(client.check(r, what));
  }

  private JsonNode parse(DataverseClient.Reply r) {
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new ConnectorException(
          client.prefix() + "Dynamics answered with malformed JSON: " + e.getMessage(), true, e);
    }
  }

  /** A page token or cursor must be a link of this org; one from another URL is stale. */
  private String ownUrl(String url, String what) {
    URI base = URI.create(settings.url());
    URI link;
    try {
      link = URI.create(url);
    } catch (IllegalArgumentException e) {
      link = null;
    }
    if (link == null
        || link.getHost() == null
        || !link.getHost().equalsIgnoreCase(base.getHost())
        || link.getPort() != base.getPort()
        || link.getRawPath() == null
        || !link.getRawPath().startsWith(base.getRawPath() + "/")) {
      throw new CursorExpiredException(
          client.prefix()
              + "the stored "
              + what
              + " belongs to another Dynamics URL than "
              + settings.url()
              + "; a full scan follows");
    }
    return url;
  }

  private static boolean isDeleted(JsonNode row) {
    return row.path("@odata.context").asText("").contains("$deletedEntity");
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  // ---------------------------------------------------------------- writing

  @Override
  public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    EntityMapping m = mapping(type);
    List<WriteResult> out = new ArrayList<>();
    // More operations than a $batch may hold (the engine sends at most batch-size) go in several.
    for (int i = 0; i < ops.size(); i += settings.batchSize()) {
      out.addAll(writeBatch(m, ops.subList(i, Math.min(ops.size(), i + settings.batchSize()))));
    }
    return out;
  }

  private List<WriteResult> writeBatch(EntityMapping m, List<WriteOp> ops) {
    WriteResult[] results = new WriteResult[ops.size()];
    List<Integer> sent = new ArrayList<>();
    BatchWriter batch = new BatchWriter();
    for (int i = 0; i < ops.size(); i++) {
      WriteOp op = ops.get(i);
      if (op.kind() != WriteOp.Kind.CREATE && !GUID.matcher(op.id()).matches()) {
        results[i] =
            WriteResult.failed(
                op.id(),
                new WriteError(
                    WriteError.Kind.NOT_FOUND,
                    "'" + op.id() + "' is not a Dynamics record id (a guid is expected)"));
        continue;
      }
      try {
        batch.add(request(m, op));
        sent.add(i);
      } catch (EntityMapping.InvalidValue e) {
        results[i] =
            WriteResult.failed(op.id(), new WriteError(WriteError.Kind.INVALID, e.getMessage()));
      }
    }
    if (batch.size() > 0) {
      DataverseClient.Reply r =
          client.send(
              "POST",
              settings.url() + "/$batch",
              "$batch",
              batch.body(),
              List.of("Content-Type", batch.contentType(), "Prefer", "odata.continue-on-error"));
      if (r.status() == 429) {
        throw new RateLimitedException(
            client.prefix()
                + "service protection limit reached while writing "
                + m.set
                + ": "
                + client.reason(r),
            DataverseClient.retryAfter(r),
            false);
      }
      String contentType = r.header("Content-Type");
      if (BatchWriter.boundaryOf(contentType) == null) {
        client.check(r, "writing " + m.set);
        throw new ConnectorException(
            client.prefix() + "the $batch answer is not multipart (" + contentType + ")", true);
      }
      List<BatchWriter.Part> parts = BatchWriter.parse(contentType, r.body());
      for (int j = 0; j < sent.size(); j++) {
        int i = sent.get(j);
        results[i] =
            j < parts.size()
                ? result(m, ops.get(i), parts.get(j))
                : WriteResult.failed(
                    ops.get(i).id(),
                    new WriteError(
                        WriteError.Kind.TRANSIENT,
                        "Dynamics gave no answer for this operation in the $batch response"));
      }
    }
    return List.of(results);
  }

  private BatchWriter.Request request(EntityMapping m, WriteOp op)
      throws EntityMapping.InvalidValue {
    String path = basePath + "/" + m.set;
    return switch (op.kind()) {
      case CREATE -> {
        ObjectNode body = m.payload(json, op.fields());
        yield new BatchWriter.Request(
            "POST",
            path + "?$select=" + m.key,
            body.toString(),
            List.of("Prefer", "return=representation"));
      }
      case UPDATE -> {
        ObjectNode body = m.payload(json, op.fields());
        // If-Match: * keeps PATCH from creating a record that was deleted meanwhile.
        yield new BatchWriter.Request(
            "PATCH",
            path + "(" + op.id() + ")?$select=" + m.key,
            body.toString(),
            List.of(
                "If-Match",
                op.ifMatch() == null ? "*" : op.ifMatch(),
                "Prefer",
                "return=representation"));
      }
      case DELETE ->
          new BatchWriter.Request(
              "DELETE",
              path + "(" + op.id() + ")",
              null,
              op.ifMatch() == null ? List.of() : List.of("If-Match", op.ifMatch()));
    };
  }

  private WriteResult result(EntityMapping m, WriteOp op, BatchWriter.Part p) {
    String verb = op.kind().name().toLowerCase(Locale.ROOT);
    if (p.status() >= 200 && p.status() < 300) {
      String id = op.id();
      String version = p.headers().get("ETag");
      if (!p.body().isBlank()) {
        try {
          JsonNode b = json.readTree(p.body());
          id = b.path(m.key).asText(id);
          version = b.path("@odata.etag").asText(version);
        } catch (IOException ignored) {
          // The id may still come from OData-EntityId below.
        }
      }
      if (id == null) {
        String entityId = p.headers().get("OData-EntityId");
        if (entityId != null && entityId.endsWith(")")) {
          id = entityId.substring(entityId.lastIndexOf('(') + 1, entityId.length() - 1);
        }
      }
      if (id == null) {
        return WriteResult.failed(
            null,
            new WriteError(
                WriteError.Kind.TRANSIENT, "Dynamics created the record but did not say its id"));
      }
      return WriteResult.ok(id, op.kind() == WriteOp.Kind.DELETE ? null : version);
    }
    String reason =
        "Dynamics refused the "
            + verb
            + " of "
            + m.set
            + " "
            + (op.id() == null ? "" : op.id() + " ")
            + "(HTTP "
            + p.status()
            + "): "
            + client.reason(p.status(), p.body());
    WriteError.Kind kind;
    if (p.status() == 412) {
      kind = WriteError.Kind.VERSION_MISMATCH;
    } else if (p.status() == 404) {
      // A 404 may also name a missing record a lookup points to: that is a bad value.
      kind =
          op.id() != null
                  && p.body().toLowerCase(Locale.ROOT).contains(op.id().toLowerCase(Locale.ROOT))
              ? WriteError.Kind.NOT_FOUND
              : WriteError.Kind.INVALID;
    } else if (p.status() == 429 || p.status() >= 500 || p.status() == 0) {
      kind = WriteError.Kind.TRANSIENT;
    } else {
      kind = WriteError.Kind.INVALID;
    }
    return WriteResult.failed(op.id(), new WriteError(kind, reason));
  }

  private EntityMapping mapping(ObjectType type) {
    EntityMapping m = mappings.get(type);
    if (m == null) {
      throw new ConnectorException(
          "app '" + app + "' (dynamics): no " + type + " in Dynamics", false);
    }
    return m;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
