package dev.tandem.connector.hubspot;

import static dev.tandem.connector.hubspot.HubSpotObjects.DEAL_COMPANY;
import static dev.tandem.connector.hubspot.HubSpotObjects.DEAL_CONTACT;
import static dev.tandem.connector.hubspot.HubSpotObjects.DEAL_STAGE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.connector.hubspot.HubSpotClient.Response;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HubSpot's CRM (contacts, companies, deals) as a Tandem app. Scans with the list endpoint, reads
 * changes through search on the modification date (working around its 10,000-result cap) and
 * deletions through the archived listing, reads and writes in batches of 100, and maps 207
 * multi-status answers to per-item results.
 */
final class HubSpotConnector implements Connector {
  static final int BATCH = 100;
  static final int SEARCH_MAX_LIMIT = 200;
  static final int SEARCH_CAP = 10_000;

  /** HubSpot keeps archived records 90 days; a day of margin for time zones and clocks. */
  static final java.time.Duration ARCHIVE_KEPT = java.time.Duration.ofDays(89);

  private static final Pattern EXISTING_ID = Pattern.compile("Existing ID: (\\d+)");

  private final HubSpotClient client;
  private final int pageSize;
  private final int searchLimit;
  private final Map<ObjectType, Schema> schemas = new EnumMap<>(ObjectType.class);

  private final java.util.Optional<dev.tandem.core.spi.WebhookReceiver> webhooks;

  HubSpotConnector(HubSpotClient client, int pageSize) {
    this(client, pageSize, java.util.Optional.empty());
  }

  /**
   * @param webhooks the receiver of this account's webhooks (when it has a client secret)
   */
  HubSpotConnector(
      HubSpotClient client,
      int pageSize,
      java.util.Optional<dev.tandem.core.spi.WebhookReceiver> webhooks) {
    this.webhooks = webhooks;
    this.client = client;
    this.pageSize = pageSize;
    // Search pages may hold 200 records; a smaller configured page size applies to both.
    this.searchLimit = pageSize >= 100 ? SEARCH_MAX_LIMIT : pageSize;
  }

  /** The OAuth refresh token to keep for the next start (HubSpot may have rotated it). */
  String currentRefreshToken() {
    return client.currentRefreshToken();
  }

  @Override
  public java.util.Optional<dev.tandem.core.spi.WebhookReceiver> webhooks() {
    return webhooks;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(
        Set.of(ObjectType.CONTACT, ObjectType.COMPANY, ObjectType.DEAL),
        pageSize,
        BATCH,
        Capabilities.ChangeMode.TIMESTAMP,
        true,
        true);
  }

  // ---------------------------------------------------------------- schema

  @Override
  public Schema schema(ObjectType type) {
    String plural = HubSpotObjects.plural(type);
    Response r = client.get("/crm/v3/properties/" + plural, "/crm/v3/properties/" + plural);
    requireOk(r, "read the " + plural + " properties");
    Map<String, String> canonical = HubSpotObjects.canonical(type);
    Map<String, FieldDef> mapped = new LinkedHashMap<>();
    List<FieldDef> others = new ArrayList<>();
    for (JsonNode p : r.body().path("results")) {
      String name = p.path("name").asText();
      boolean custom = !p.path("hubspotDefined").asBoolean(true);
      if (canonical.containsKey(name)) {
        mapped.put(name, fieldDef(p, canonical.get(name)));
      } else if (custom || HubSpotObjects.usefulDefaults(type).contains(name)) {
        others.add(fieldDef(p, null));
      }
    }
    List<FieldDef> fields = new ArrayList<>();
    for (String name : canonical.keySet()) {
      if (mapped.containsKey(name)) {
        fields.add(mapped.get(name));
      }
    }
    fields.addAll(others);
    if (type == ObjectType.DEAL) {
      fields.add(
          new FieldDef(DEAL_COMPANY, "companyRef", FieldDef.FieldType.REFERENCE, List.of(), false));
      fields.add(
          new FieldDef(DEAL_CONTACT, "contactRef", FieldDef.FieldType.REFERENCE, List.of(), false));
    }
    Schema schema = new Schema(type, fields);
    schemas.put(type, schema);
    return schema;
  }

  private static FieldDef fieldDef(JsonNode p, String canonical) {
    String name = p.path("name").asText();
    List<String> values = new ArrayList<>();
    p.path("options").forEach(o -> values.add(o.path("value").asText()));
    List<String> options = DEAL_STAGE.equals(name) ? DealStages.options(values) : values;
    boolean readOnly = p.path("modificationMetadata").path("readOnlyValue").asBoolean(false);
    FieldDef.FieldType t;
    if ("companyRef".equals(canonical)) {
      t = FieldDef.FieldType.REFERENCE;
    } else if ("email".equals(canonical)) {
      t = FieldDef.FieldType.EMAIL;
    } else {
      t =
          switch (p.path("type").asText("string")) {
            case "number" -> FieldDef.FieldType.NUMBER;
            case "date" -> FieldDef.FieldType.DATE;
            case "datetime" -> FieldDef.FieldType.DATETIME;
            case "bool" -> FieldDef.FieldType.BOOLEAN;
            case "phone_number" -> FieldDef.FieldType.PHONE;
            case "enumeration" ->
                p.path("fieldType").asText().equals("checkbox")
                    ? FieldDef.FieldType.MULTI
                    : FieldDef.FieldType.ENUMERATION;
            default ->
                p.path("fieldType").asText().equals("phonenumber")
                    ? FieldDef.FieldType.PHONE
                    : FieldDef.FieldType.STRING;
          };
    }
    return new FieldDef(name, canonical, t, options, readOnly);
  }

  private Schema cachedSchema(ObjectType type) {
    Schema s = schemas.get(type);
    return s != null ? s : schema(type);
  }

  /** The HubSpot properties to ask for: the schema's, without the association fields. */
  private List<String> properties(ObjectType type) {
    List<String> out = new ArrayList<>();
    for (FieldDef f : cachedSchema(type).fields()) {
      if (!f.name().startsWith("associations.")) {
        out.add(f.name());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Page scan(ObjectType type, String pageToken) {
    String plural = HubSpotObjects.plural(type);
    StringBuilder path =
        new StringBuilder("/crm/v3/objects/" + plural + "?limit=" + pageSize + "&properties=")
            .append(HubSpotClient.enc(String.join(",", properties(type))));
    if (type == ObjectType.DEAL) {
      path.append("&associations=companies,contacts");
    }
    if (pageToken != null) {
      path.append("&after=").append(HubSpotClient.enc(pageToken));
    }
    Response r = client.get("/crm/v3/objects/" + plural, path.toString());
    requireOk(r, "list " + plural);
    List<Record> records = new ArrayList<>();
    for (JsonNode n : r.body().path("results")) {
      Map<String, String> extra = new HashMap<>();
      if (type == ObjectType.DEAL) {
        putIfPresent(
            extra,
            DEAL_COMPANY,
            firstAssociation(n.path("associations").path("companies"), "deal_to_company"));
        putIfPresent(
            extra,
            DEAL_CONTACT,
            firstAssociation(n.path("associations").path("contacts"), "deal_to_contact"));
      }
      records.add(toRecord(type, n, extra));
    }
    JsonNode next = r.body().path("paging").path("next").path("after");
    return new Page(
        records, next.isMissingNode() || next.asText().isEmpty() ? null : next.asText());
  }

  /** The primary association if marked, else the first. */
  private static String firstAssociation(JsonNode assoc, String primaryType) {
    String first = null;
    for (JsonNode a : assoc.path("results")) {
      if (a.path("type").asText().equals(primaryType)) {
        return a.path("id").asText();
      }
      if (first == null) {
        first = a.path("id").asText();
      }
    }
    return first;
  }

  @Override
  public String currentCursor(ObjectType type) {
    // A minute of overlap covers clock skew between this host and HubSpot; re-reading a record
    // that did not change is harmless.
    return Long.toString(client.clock().millis() - 60_000);
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    ChangeCursor c = ChangeCursor.parse(cursor);
    if (c.since() < client.clock().millis() - ARCHIVE_KEPT.toMillis()) {
      throw new CursorExpiredException(
          "the HubSpot change cursor is older than the 90 days HubSpot keeps deleted records;"
              + " rescanning to find deletions");
    }
    if (c.phase() == 'd') {
      return deletions(type, c, List.of());
    }
    long window = c.window();
    int after = c.after();
    long maxSeen = c.maxSeen();
    List<String> seen = new ArrayList<>(c.seen());
    if (after + searchLimit > SEARCH_CAP) {
      window = narrow(window, maxSeen);
      after = 0;
    }
    String plural = HubSpotObjects.plural(type);
    String modified = HubSpotObjects.modifiedProperty(type);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("filterGroups", changeFilter(modified, window, c));
    body.put("sorts", List.of(Map.of("propertyName", modified, "direction", "ASCENDING")));
    body.put("properties", properties(type));
    body.put("limit", searchLimit);
    if (after > 0) {
      body.put("after", Integer.toString(after));
    }
    Response r =
        client.search(
            "/crm/v3/objects/" + plural + "/search", "/crm/v3/objects/" + plural + "/search", body);
    if (r.status() == 400 && after > 0) {
      // HubSpot refused to page this far (its result cap): restart from the latest change seen.
      ChangeCursor restart =
          new ChangeCursor(
              's', c.since(), narrow(window, maxSeen), 0, "", maxSeen, c.exclude(), seen);
      return new Changes(List.of(), List.of(), restart.toString(), true, false);
    }
    requireOk(r, "search changed " + plural);
    List<Record> changed = new ArrayList<>();
    for (JsonNode n : r.body().path("results")) {
      Record rec = toRecord(type, n, Map.of());
      changed.add(rec);
      Long m = epochMs(n.path("properties").path(modified).asText(null));
      if (m == null && rec.modified() != null) {
        m = rec.modified().toEpochMilli();
      }
      if (m != null && m > maxSeen) {
        maxSeen = m;
        seen.clear();
      }
      if (m != null
          && m == maxSeen
          && seen.size() < ChangeCursor.MAX_SEEN
          && !seen.contains(rec.id())) {
        seen.add(rec.id());
      }
    }
    if (type == ObjectType.DEAL && !changed.isEmpty()) {
      changed = withDealAssociations(changed);
    }
    JsonNode next = r.body().path("paging").path("next").path("after");
    if (!next.isMissingNode() && !next.asText().isEmpty()) {
      int nextAfter = Integer.parseInt(next.asText());
      if (nextAfter + searchLimit > SEARCH_CAP) {
        // Paging on would pass the 10,000-result cap: restart the query from the latest
        // modification seen, which the ascending sort makes the end of what was read.
        ChangeCursor restart =
            new ChangeCursor(
                's', c.since(), narrow(window, maxSeen), 0, "", maxSeen, c.exclude(), seen);
        return new Changes(changed, List.of(), restart.toString(), true, false);
      }
      ChangeCursor more =
          new ChangeCursor('s', c.since(), window, nextAfter, "", maxSeen, c.exclude(), seen);
      return new Changes(changed, List.of(), more.toString(), true, false);
    }
    return deletions(
        type, new ChangeCursor('d', c.since(), 0, 0, "", maxSeen, List.of(), seen), changed);
  }

  /**
   * Records modified at or after {@code window}. While the search still starts at the previous
   * run's cursor, the records that run read at that very millisecond are left out (modified after
   * it, or not read yet, they are still found): without that, every run would pay again for the
   * last records of the one before, and 200 changes would take two pages instead of one.
   */
  private static List<Map<String, Object>> changeFilter(
      String modified, long window, ChangeCursor c) {
    if (c.exclude().isEmpty() || window != c.since()) {
      return List.of(Map.of("filters", List.of(filter(modified, "GTE", Long.toString(window)))));
    }
    return List.of(
        Map.of("filters", List.of(filter(modified, "GT", Long.toString(window)))),
        Map.of(
            "filters",
            List.of(
                filter(modified, "EQ", Long.toString(window)),
                Map.of(
                    "propertyName", "hs_object_id", "operator", "NOT_IN", "values", c.exclude()))));
  }

  private static Map<String, Object> filter(String property, String operator, String value) {
    return Map.of("propertyName", property, "operator", operator, "value", value);
  }

  private static long narrow(long window, long maxSeen) {
    if (maxSeen <= window) {
      throw new CursorExpiredException(
          "more than 10,000 HubSpot records share one modification time, past what search can page"
              + " through; rescanning instead");
    }
    return maxSeen;
  }

  /** One page of the archived listing: ids archived at or after the cursor's start. */
  private Changes deletions(ObjectType type, ChangeCursor c, List<Record> changed) {
    String plural = HubSpotObjects.plural(type);
    String path =
        "/crm/v3/objects/"
            + plural
            + "?archived=true&limit=100&properties=hs_object_id"
            + (c.listAfter().isEmpty() ? "" : "&after=" + HubSpotClient.enc(c.listAfter()));
    Response r = client.get("/crm/v3/objects/" + plural, path);
    requireOk(r, "list archived " + plural);
    List<String> deleted = new ArrayList<>();
    for (JsonNode n : r.body().path("results")) {
      Long at = epochMs(n.path("archivedAt").asText(null));
      if (at == null || at >= c.since()) {
        deleted.add(n.path("id").asText());
      }
    }
    JsonNode next = r.body().path("paging").path("next").path("after");
    if (!next.isMissingNode() && !next.asText().isEmpty()) {
      ChangeCursor more =
          new ChangeCursor('d', c.since(), 0, 0, next.asText(), c.maxSeen(), List.of(), c.seen());
      return new Changes(changed, deleted, more.toString(), true, false);
    }
    return new Changes(changed, deleted, c.between(), false, false);
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    return batchRead(type, null, ids);
  }

  @Override
  public List<Record> find(ObjectType type, String field, List<String> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    if (type == ObjectType.CONTACT && field.equals("email")) {
      return batchRead(type, "email", values);
    }
    if (field.startsWith("associations.")) {
      throw new ConnectorException("HubSpot cannot look records up by " + field, false);
    }
    return searchEqual(type, field, values);
  }

  private List<Record> batchRead(ObjectType type, String idProperty, List<String> ids) {
    String plural = HubSpotObjects.plural(type);
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += BATCH) {
      List<Map<String, String>> inputs = new ArrayList<>();
      for (String id : ids.subList(i, Math.min(ids.size(), i + BATCH))) {
        inputs.add(Map.of("id", id));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("properties", properties(type));
      if (idProperty != null) {
        body.put("idProperty", idProperty);
      }
      body.put("inputs", inputs);
      Response r =
          client.send(
              "POST",
              "/crm/v3/objects/" + plural + "/batch/read",
              "/crm/v3/objects/" + plural + "/batch/read",
              body);
      requireOk(r, "read " + plural);
      for (JsonNode n : r.body().path("results")) {
        out.add(toRecord(type, n, Map.of()));
      }
    }
    return type == ObjectType.DEAL && !out.isEmpty() ? withDealAssociations(out) : out;
  }

  private List<Record> searchEqual(ObjectType type, String field, List<String> values) {
    String plural = HubSpotObjects.plural(type);
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i += BATCH) {
      List<String> chunk = values.subList(i, Math.min(values.size(), i + BATCH));
      String after = null;
      do {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
            "filterGroups",
            List.of(
                Map.of(
                    "filters",
                    List.of(Map.of("propertyName", field, "operator", "IN", "values", chunk)))));
        body.put("properties", properties(type));
        body.put("limit", SEARCH_MAX_LIMIT);
        if (after != null) {
          body.put("after", after);
        }
        Response r =
            client.search(
                "/crm/v3/objects/" + plural + "/search",
                "/crm/v3/objects/" + plural + "/search",
                body);
        requireOk(r, "search " + plural + " by " + field);
        for (JsonNode n : r.body().path("results")) {
          out.add(toRecord(type, n, Map.of()));
        }
        JsonNode next = r.body().path("paging").path("next").path("after");
        after = next.isMissingNode() ? null : next.asText();
      } while (after != null);
    }
    return type == ObjectType.DEAL && !out.isEmpty() ? withDealAssociations(out) : out;
  }

  /** Adds each deal's company and contact from the associations API (search omits them). */
  private List<Record> withDealAssociations(List<Record> deals) {
    List<String> ids = deals.stream().map(Record::id).toList();
    Map<String, String> companies = associations("deals", "companies", ids, 5);
    Map<String, String> contacts = associations("deals", "contacts", ids, -1);
    List<Record> out = new ArrayList<>();
    for (Record d : deals) {
      Map<String, String> f = new LinkedHashMap<>(d.fields());
      putIfPresent(f, DEAL_COMPANY, companies.get(d.id()));
      putIfPresent(f, DEAL_CONTACT, contacts.get(d.id()));
      out.add(new Record(d.id(), f, d.modified(), d.version()));
    }
    return out;
  }

  /** From id to its primary (type {@code primaryType}) or first associated id. */
  private Map<String, String> associations(
      String from, String to, List<String> ids, int primaryType) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < ids.size(); i += 1000) {
      List<Map<String, String>> inputs = new ArrayList<>();
      ids.subList(i, Math.min(ids.size(), i + 1000)).forEach(id -> inputs.add(Map.of("id", id)));
      String path = "/crm/v4/associations/" + from + "/" + to + "/batch/read";
      Response r = client.send("POST", path, path, Map.of("inputs", inputs));
      requireOk(r, "read " + from + " to " + to + " associations");
      for (JsonNode res : r.body().path("results")) {
        String id = res.path("from").path("id").asText();
        String chosen = null;
        for (JsonNode t : res.path("to")) {
          String toId = t.path("toObjectId").asText();
          boolean primary = false;
          for (JsonNode at : t.path("associationTypes")) {
            primary |= at.path("typeId").asInt() == primaryType;
          }
          if (chosen == null || primary) {
            chosen = toId;
          }
          if (primary) {
            break;
          }
        }
        putIfPresent(out, id, chosen);
      }
    }
    return out;
  }

  private Record toRecord(ObjectType type, JsonNode n, Map<String, String> extra) {
    Set<String> wanted = new HashSet<>(properties(type));
    Map<String, String> fields = new LinkedHashMap<>();
    n.path("properties")
        .fields()
        .forEachRemaining(
            e -> {
              if (wanted.contains(e.getKey()) && !e.getValue().isNull()) {
                String v = e.getValue().asText();
                fields.put(
                    e.getKey(),
                    type == ObjectType.DEAL && DEAL_STAGE.equals(e.getKey())
                        ? DealStages.toCanonical(v)
                        : v);
              }
            });
    fields.putAll(extra);
    Instant modified = null;
    Long ms = epochMs(n.path("updatedAt").asText(null));
    if (ms != null) {
      modified = Instant.ofEpochMilli(ms);
    }
    return new Record(n.path("id").asText(), fields, modified, null);
  }

  /** A HubSpot timestamp (ISO-8601, a date, or epoch milliseconds) in epoch milliseconds. */
  static Long epochMs(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.matches("\\d{1,18}")) {
      return Long.parseLong(v);
    }
    try {
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static void putIfPresent(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }

  private static void requireOk(Response r, String what) {
    if (!r.ok()) {
      throw new ConnectorException(
          "HubSpot could not " + what + " (" + r.status() + "): " + r.message(), false);
    }
  }

  // ---------------------------------------------------------------- writing

  @Override
  public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    if (ops.size() > BATCH) {
      throw new IllegalArgumentException(
          "at most " + BATCH + " operations per write, got " + ops.size());
    }
    WriteResult[] results = new WriteResult[ops.size()];
    List<Integer> creates = new ArrayList<>();
    List<Integer> updates = new ArrayList<>();
    List<Integer> deletes = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      switch (ops.get(i).kind()) {
        case CREATE -> creates.add(i);
        case UPDATE -> updates.add(i);
        case DELETE -> deletes.add(i);
      }
    }
    new HubSpotWriter(client, type).apply(ops, creates, updates, deletes, results);
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] =
            WriteResult.failed(
                ops.get(i).id(),
                new WriteError(
                    WriteError.Kind.TRANSIENT, "HubSpot returned no result for this item"));
      }
    }
    return List.of(results);
  }

  /** The id in HubSpot's "Contact already exists. Existing ID: 123" message, or null. */
  static String existingId(String message) {
    Matcher m = EXISTING_ID.matcher(message == null ? "" : message);
    return m.find() ? m.group(1) : null;
  }
}
