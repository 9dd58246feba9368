package dev.tandem.connector.hubspot;

import static dev.tandem.connector.hubspot.HubSpotObjects.DEAL_COMPANY;
import static dev.tandem.connector.hubspot.HubSpotObjects.DEAL_CONTACT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.connector.hubspot.HubSpotClient.Response;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code write()} call: creates through batch/create (multi-status, each input tagged with an
 * {@code objectWriteTraceId}), updates through batch/update, deletes through batch/archive, and a
 * deal's company and contact through the associations API. Every HubSpot answer is matched back to
 * the operation it concerns.
 */
final class HubSpotWriter {
  private final HubSpotClient client;
  private final ObjectType type;
  private final String plural;

  HubSpotWriter(HubSpotClient client, ObjectType type) {
    this.client = client;
    this.type = type;
    this.plural = HubSpotObjects.plural(type);
  }

  void apply(
      List<WriteOp> ops,
      List<Integer> creates,
      List<Integer> updates,
      List<Integer> deletes,
      WriteResult[] results) {
    phase(ops, creates, results, this::create);
    phase(ops, updates, results, this::update);
    phase(ops, deletes, results, this::archive);
  }

  /**
   * Runs one kind of operation. A failure of the whole call before anything was written propagates
   * (the engine retries the call); once some operation was applied it must not, since a retry of
   * the whole call would repeat those writes, so the operations without a result fail alone.
   */
  private void phase(List<WriteOp> ops, List<Integer> idx, WriteResult[] results, Step step) {
    if (idx.isEmpty()) {
      return;
    }
    try {
      step.run(ops, idx, results);
    } catch (ConnectorException e) {
      boolean applied = false;
      for (WriteResult r : results) {
        applied |= r != null && r.succeeded();
      }
      if (!applied) {
        throw e;
      }
      failRemaining(ops, idx, results, e);
    }
  }

  private static void failRemaining(
      List<WriteOp> ops, List<Integer> idx, WriteResult[] results, ConnectorException e) {
    WriteError.Kind kind = e.isTransient() ? WriteError.Kind.TRANSIENT : WriteError.Kind.INVALID;
    for (int i : idx) {
      if (results[i] == null) {
        results[i] = WriteResult.failed(ops.get(i).id(), new WriteError(kind, e.getMessage()));
      }
    }
  }

  // ---- creates ----

  private void create(List<WriteOp> ops, List<Integer> idx, WriteResult[] results) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (int i : idx) {
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("objectWriteTraceId", Integer.toString(i));
      in.put("properties", propertiesOnly(ops.get(i).fields(), true));
      List<Object> assoc = new ArrayList<>();
      if (type == ObjectType.DEAL) {
        addAssociation(assoc, ops.get(i).fields().get(DEAL_COMPANY), 341);
        addAssociation(assoc, ops.get(i).fields().get(DEAL_CONTACT), 3);
      }
      if (!assoc.isEmpty()) {
        in.put("associations", assoc);
      }
      inputs.add(in);
    }
    String path = "/crm/v3/objects/" + plural + "/batch/create";
    Response r = client.send("POST", path, path, Map.of("inputs", inputs));
    if (!r.ok()) {
      wholeBatchFailed(ops, idx, results, r, this::create);
      return;
    }
    for (JsonNode n : r.body().path("results")) {
      Integer i = index(n.path("objectWriteTraceId").asText(null));
      if (i != null) {
        results[i] = WriteResult.ok(n.path("id").asText(), null);
      }
    }
    for (JsonNode e : r.body().path("errors")) {
      for (JsonNode trace : e.path("context").path("objectWriteTraceId")) {
        Integer i = index(trace.asText());
        if (i != null) {
          results[i] =
              WriteResult.failed(
                  null, error(e.path("category").asText(), e.path("message").asText()));
        }
      }
    }
  }

  private static void addAssociation(List<Object> assoc, String toId, int typeId) {
    if (toId != null && !toId.isBlank()) {
      assoc.add(
          Map.of(
              "to", Map.of("id", toId),
              "types",
                  List.of(
                      Map.of(
                          "associationCategory", "HUBSPOT_DEFINED", "associationTypeId", typeId))));
    }
  }

  // ---- updates ----

  private void update(List<WriteOp> ops, List<Integer> idx, WriteResult[] results) {
    // HubSpot refuses a batch naming one id twice, so a repeated id goes to a later batch.
    List<Integer> now = new ArrayList<>();
    List<Integer> later = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i : idx) {
      (seen.add(ops.get(i).id()) ? now : later).add(i);
    }
    List<Map<String, Object>> inputs = new ArrayList<>();
    List<Integer> sent = new ArrayList<>();
    for (int i : now) {
      Map<String, String> props = propertiesOnly(ops.get(i).fields(), false);
      if (props.isEmpty()) {
        results[i] = WriteResult.ok(ops.get(i).id(), null);
      } else {
        inputs.add(Map.of("id", ops.get(i).id(), "properties", props));
        sent.add(i);
      }
    }
    if (!inputs.isEmpty()) {
      String path = "/crm/v3/objects/" + plural + "/batch/update";
      Response r = client.send("POST", path, path, Map.of("inputs", inputs));
      if (!r.ok()) {
        wholeBatchFailed(ops, sent, results, r, this::update);
      } else {
        Map<String, String> okIds = new HashMap<>();
        for (JsonNode n : r.body().path("results")) {
          okIds.put(n.path("id").asText(), n.path("id").asText());
        }
        Map<String, WriteError> failed = new HashMap<>();
        for (JsonNode e : r.body().path("errors")) {
          WriteError err = error(e.path("category").asText(), e.path("message").asText());
          for (JsonNode id : e.path("context").path("ids")) {
            failed.put(id.asText(), err);
          }
        }
        for (int i : sent) {
          String id = ops.get(i).id();
          if (failed.containsKey(id)) {
            results[i] = WriteResult.failed(id, failed.get(id));
          } else if (okIds.containsKey(id)) {
            results[i] = WriteResult.ok(id, null);
          }
        }
      }
    }
    if (type == ObjectType.DEAL) {
      for (int n = 0; n < now.size(); n++) {
        int i = now.get(n);
        if (results[i] == null || results[i].succeeded()) {
          WriteError err;
          try {
            err = dealAssociations(ops.get(i));
          } catch (ConnectorException e) {
            // This deal's properties may be written but not its links: it and the deals not yet
            // linked fail alone, and are retried later (the writes are idempotent).
            List<Integer> rest = now.subList(n, now.size());
            for (int j : rest) {
              if (results[j] != null && results[j].succeeded() && touchesAssociations(ops.get(j))) {
                results[j] = null;
              }
            }
            failRemaining(ops, rest, results, e);
            break;
          }
          if (err != null) {
            results[i] = WriteResult.failed(ops.get(i).id(), err);
          } else if (results[i] == null) {
            results[i] = WriteResult.ok(ops.get(i).id(), null);
          }
        }
      }
    }
    if (!later.isEmpty()) {
      update(ops, later, results);
    }
  }

  private static boolean touchesAssociations(WriteOp op) {
    return op.fields().containsKey(DEAL_COMPANY) || op.fields().containsKey(DEAL_CONTACT);
  }

  /** Points a deal's company and contact at the new ids ("" removes them); null when it worked. */
  private WriteError dealAssociations(WriteOp op) {
    for (String[] f : new String[][] {{DEAL_COMPANY, "companies"}, {DEAL_CONTACT, "contacts"}}) {
      if (!op.fields().containsKey(f[0])) {
        continue;
      }
      String target = op.fields().get(f[0]);
      String base = "/crm/v4/objects/deals/" + op.id() + "/associations/";
      Response current = client.get("/crm/v4/objects/deals/{id}/associations/" + f[1], base + f[1]);
      if (current.status() == 404) {
        return new WriteError(
            WriteError.Kind.NOT_FOUND, "deal " + op.id() + " does not exist in HubSpot");
      }
      if (!current.ok()) {
        return error("", "cannot read the deal's " + f[1] + ": " + current.message());
      }
      boolean present = false;
      for (JsonNode a : current.body().path("results")) {
        String toId = a.path("toObjectId").asText();
        if (toId.equals(target)) {
          present = true;
          continue;
        }
        Response del =
            client.send(
                "DELETE",
                "/crm/v4/objects/deals/{id}/associations/" + f[1] + "/{toId}",
                base + f[1] + "/" + toId,
                null);
        if (!del.ok()) {
          return error(
              "", "cannot remove the deal's association to " + toId + ": " + del.message());
        }
      }
      if (!present && target != null && !target.isBlank()) {
        Response put =
            client.send(
                "PUT",
                "/crm/v4/objects/deals/{id}/associations/default/" + f[1] + "/{toId}",
                base + "default/" + f[1] + "/" + HubSpotClient.enc(target),
                null);
        if (!put.ok()) {
          return new WriteError(
              put.status() == 404 ? WriteError.Kind.NOT_FOUND : WriteError.Kind.INVALID,
              "cannot associate deal "
                  + op.id()
                  + " with "
                  + f[1]
                  + " "
                  + target
                  + ": "
                  + put.message());
        }
      }
    }
    return null;
  }

  // ---- deletes ----

  private void archive(List<WriteOp> ops, List<Integer> idx, WriteResult[] results) {
    List<Map<String, String>> inputs = new ArrayList<>();
    for (int i : idx) {
      inputs.add(Map.of("id", ops.get(i).id()));
    }
    String path = "/crm/v3/objects/" + plural + "/batch/archive";
    Response r = client.send("POST", path, path, Map.of("inputs", inputs));
    if (!r.ok()) {
      wholeBatchFailed(ops, idx, results, r, this::archive);
      return;
    }
    // HubSpot answers 204 for the whole batch; archiving an absent record is not an error.
    for (int i : idx) {
      results[i] = WriteResult.ok(ops.get(i).id(), null);
    }
  }

  // ---- errors ----

  private interface Step {
    void run(List<WriteOp> ops, List<Integer> idx, WriteResult[] results);
  }

  /**
   * HubSpot refused a whole batch (400/404/409): retry the items one by one so that one bad item
   * never fails the rest; a single item takes the error as its own.
   */
  private void wholeBatchFailed(
      List<WriteOp> ops, List<Integer> idx, WriteResult[] results, Response r, Step step) {
    if (idx.size() > 1) {
      for (int i : idx) {
        step.run(ops, List.of(i), results);
      }
      return;
    }
    int i = idx.get(0);
    String category = r.body().path("category").asText("");
    if (r.status() == 409) {
      category = "CONFLICT";
    } else if (r.status() == 404) {
      category = "OBJECT_NOT_FOUND";
    }
    results[i] = WriteResult.failed(ops.get(i).id(), error(category, r.message()));
  }

  private WriteError error(String category, String message) {
    String existing = HubSpotConnector.existingId(message);
    if (category.equals("CONFLICT") && existing != null) {
      return new WriteError(WriteError.Kind.ALREADY_EXISTS, message, existing);
    }
    WriteError.Kind kind =
        switch (category) {
          case "OBJECT_NOT_FOUND" -> WriteError.Kind.NOT_FOUND;
          case "RATE_LIMITS", "INTERNAL_ERROR", "SERVICE_UNAVAILABLE" -> WriteError.Kind.TRANSIENT;
          default -> WriteError.Kind.INVALID;
        };
    return new WriteError(kind, "HubSpot refused the " + type.id() + ": " + message);
  }

  private static Integer index(String trace) {
    try {
      return trace == null ? null : Integer.valueOf(trace);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The HubSpot properties of an op: association fields removed; blanks dropped on create. */
  private static Map<String, String> propertiesOnly(Map<String, String> fields, boolean create) {
    Map<String, String> out = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> {
          if (!k.startsWith("associations.") && !(create && (v == null || v.isBlank()))) {
            // Stages travel in canonical terms; only deals have a dealstage property.
            String value = "dealstage".equals(k) ? DealStages.toHubSpot(v) : v;
            out.put(k, value == null ? "" : value);
          }
        });
    return out;
  }
}
