package dev.tandem.emulator.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.emulator.hubspot.HubSpotEmulator.Reply;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The associations v4 endpoints between contacts, companies and deals. */
final class AssociationsApi {
  static final int MAX_BATCH = 1000;

  private final CrmStore store;

  AssociationsApi(CrmStore store) {
    this.store = store;
  }

  Reply list(Context ctx) {
    ObjectKind from = ObjectsApi.kind(ctx, "from");
    ObjectKind to = ObjectsApi.kind(ctx, "to");
    long id = id(ctx.pathParam("id"));
    if (!store.exists(from, id)) {
      throw ApiException.notFound(from.upper() + "=" + id + " is not valid");
    }
    return new Reply(200, Map.of("results", associations(from, id, to)));
  }

  private List<Object> associations(ObjectKind from, long id, ObjectKind to) {
    String primary = primaryOf(from, id, to);
    List<Object> results = new ArrayList<>();
    for (Long toId : store.associated(from, id, to)) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("toObjectId", toId);
      r.put(
          "associationTypes",
          AssociationTypes.v4Types(from, to, Long.toString(toId).equals(primary)));
      results.add(r);
    }
    return results;
  }

  /** The id of the primary company of a contact (or the contact whose primary is the company). */
  private String primaryOf(ObjectKind from, long id, ObjectKind to) {
    if (from == ObjectKind.CONTACTS && to == ObjectKind.COMPANIES) {
      CrmObject c = store.get(from, id, false);
      return c == null ? null : c.get("associatedcompanyid");
    }
    return null;
  }

  Reply associate(Context ctx) {
    ObjectKind from = ObjectsApi.kind(ctx, "from");
    ObjectKind to = ObjectsApi.kind(ctx, "to");
    if (from == to) {
      throw ApiException.validation("Cannot associate a " + from.singular + " with itself");
    }
    long id = id(ctx.pathParam("id"));
    long toId = id(ctx.pathParam("toId"));
    store.associate(from, id, to, toId);
    String at = Json.iso(System.currentTimeMillis());
    List<Object> results = new ArrayList<>();
    results.add(spec(id, toId, AssociationTypes.defaultType(from, to)));
    results.add(spec(toId, id, AssociationTypes.defaultType(to, from)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "COMPLETE");
    body.put("results", results);
    body.put("startedAt", at);
    body.put("completedAt", at);
    return new Reply(200, body);
  }

  private static Map<String, Object> spec(long from, long to, int type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", Map.of("id", Long.toString(from)));
    m.put("to", Map.of("id", Long.toString(to)));
    m.put(
        "associationSpec",
        Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", type));
    return m;
  }

  Reply remove(Context ctx) {
    ObjectKind from = ObjectsApi.kind(ctx, "from");
    ObjectKind to = ObjectsApi.kind(ctx, "to");
    store.dissociate(from, id(ctx.pathParam("id")), to, id(ctx.pathParam("toId")));
    return new Reply(204, null);
  }

  Reply batchRead(Context ctx) {
    ObjectKind from = ObjectsApi.kind(ctx, "from");
    ObjectKind to = ObjectsApi.kind(ctx, "to");
    JsonNode inputs = Json.read(ctx.body()).path("inputs");
    if (inputs.size() > MAX_BATCH) {
      throw ApiException.validation(
          "The maximum number of inputs supported in a batch request is "
              + MAX_BATCH
              + ". Please reduce the number of items and try again");
    }
    String started = Json.iso(System.currentTimeMillis());
    List<Object> results = new ArrayList<>();
    List<Object> errors = new ArrayList<>();
    for (JsonNode in : inputs) {
      String raw = in.path("id").asText();
      Long id = CrmStore.parseId(raw);
      List<Object> assoc =
          id == null || !store.exists(from, id) ? List.of() : associations(from, id, to);
      if (assoc.isEmpty()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("status", "error");
        e.put("category", "OBJECT_NOT_FOUND");
        e.put("subCategory", "crm.associations.NO_ASSOCIATIONS_FOUND");
        e.put("context", Map.of("fromObjectId", List.of(raw)));
        e.put(
            "message",
            "No " + to.singular + " is associated with " + from.singular + " " + raw + ".");
        errors.add(e);
      } else {
        results.add(Map.of("from", Map.of("id", raw), "to", assoc));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "COMPLETE");
    body.put("results", results);
    if (!errors.isEmpty()) {
      body.put("numErrors", errors.size());
      body.put("errors", errors);
    }
    body.put("startedAt", started);
    body.put("completedAt", Json.iso(System.currentTimeMillis()));
    return new Reply(errors.isEmpty() ? 200 : 207, body);
  }

  private static long id(String raw) {
    Long id = CrmStore.parseId(raw);
    if (id == null) {
      throw ApiException.validation("Invalid object id: " + raw);
    }
    return id;
  }
}
