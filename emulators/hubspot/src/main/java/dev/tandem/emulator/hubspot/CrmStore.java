package dev.tandem.emulator.hubspot;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The emulated account's records and associations, in memory. Every method takes the store's lock,
 * so handlers may call it from any thread; records leave it only as copies.
 */
final class CrmStore {
  /** An association a create asks for: the target id and HubSpot's association type id. */
  record AssociationInput(long toId, int typeId) {}

  private final PropertyCatalog catalog;
  private final Consumer<WebhookEvent> events;
  private final Map<ObjectKind, TreeMap<Long, CrmObject>> objects = new EnumMap<>(ObjectKind.class);
  private final Map<String, Long> emails = new HashMap<>();
  private final Map<String, Map<Long, Set<Long>>> associations = new HashMap<>();
  private long nextId;
  private long lastTime;

  CrmStore(PropertyCatalog catalog, Consumer<WebhookEvent> events) {
    this.catalog = catalog;
    this.events = events;
    clear();
  }

  synchronized void clear() {
    for (ObjectKind k : ObjectKind.values()) {
      objects.put(k, new TreeMap<>());
    }
    emails.clear();
    associations.clear();
    nextId = 10_001;
  }

  /** Write time: never earlier than the previous write, so modification dates never go back. */
  private long now() {
    lastTime = Math.max(lastTime, System.currentTimeMillis());
    return lastTime;
  }

  synchronized int count(ObjectKind kind) {
    return objects.get(kind).size();
  }

  // ---- reads ----

  synchronized CrmObject get(ObjectKind kind, long id, boolean archived) {
    CrmObject o = objects.get(kind).get(id);
    return o == null || o.archived != archived ? null : o.copy();
  }

  /** A live record by a unique property (email for contacts, hs_object_id for all). */
  synchronized CrmObject getBy(ObjectKind kind, String idProperty, String value, boolean archived) {
    if (idProperty == null || idProperty.equals("hs_object_id")) {
      Long id = parseId(value);
      return id == null ? null : get(kind, id, archived);
    }
    PropertyDefinition def = catalog.get(kind, idProperty);
    if (def == null || !def.hasUniqueValue()) {
      throw ApiException.validation(
          "Property \"" + idProperty + "\" does not exist or is not a unique identifier");
    }
    if (kind == ObjectKind.CONTACTS && idProperty.equals("email")) {
      Long id = emails.get(value.toLowerCase(Locale.ROOT));
      if (id != null) {
        return get(kind, id, archived);
      }
      return archived ? scanBy(kind, idProperty, value, true) : null;
    }
    return scanBy(kind, idProperty, value, archived);
  }

  private CrmObject scanBy(ObjectKind kind, String prop, String value, boolean archived) {
    for (CrmObject o : objects.get(kind).values()) {
      if (o.archived == archived && value.equalsIgnoreCase(o.get(prop))) {
        return o.copy();
      }
    }
    return null;
  }

  /** Up to {@code limit + 1} records from id {@code fromId} on, so callers know if more follow. */
  synchronized List<CrmObject> page(ObjectKind kind, long fromId, int limit, boolean archived) {
    List<CrmObject> out = new ArrayList<>(limit + 1);
    for (CrmObject o : objects.get(kind).tailMap(fromId, true).values()) {
      if (o.archived == archived) {
        out.add(o.copy());
        if (out.size() > limit) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * Runs a read-only query over the live records (search never returns archived ones) under the
   * store's lock, without copying them: the query must not modify them nor let them escape.
   */
  synchronized <R> R query(ObjectKind kind, java.util.function.Function<List<CrmObject>, R> q) {
    List<CrmObject> live = new ArrayList<>(objects.get(kind).size());
    for (CrmObject o : objects.get(kind).values()) {
      if (!o.archived) {
        live.add(o);
      }
    }
    return q.apply(live);
  }

  // ---- writes ----

  /** Creates a record, or throws 400 for invalid values and 409 for a duplicate email. */
  synchronized CrmObject create(
      ObjectKind kind, Map<String, String> properties, List<AssociationInput> assocs) {
    validate(kind, properties, true);
    checkEmailFree(kind, properties.get("email"), -1);
    for (AssociationInput a : assocs) {
      associationTarget(kind, a.typeId(), a.toId());
    }
    long at = now();
    CrmObject o = insert(kind, properties, at, at);
    events.accept(WebhookEvent.of(kind.singular + ".creation", o.id, at));
    String primary = o.get("associatedcompanyid");
    if (kind == ObjectKind.CONTACTS && primary != null) {
      long companyId = Long.parseLong(primary);
      emitAssociation(kind, o.id, ObjectKind.COMPANIES, companyId, at, false);
      touchForAssociation(ObjectKind.COMPANIES, companyId, at);
    }
    for (AssociationInput a : assocs) {
      associate(kind, o.id, associationTarget(kind, a.typeId(), a.toId()), a.toId());
    }
    return objects.get(kind).get(o.id).copy();
  }

  /** Adds a record with given timestamps and no validation or webhooks, for seeding. */
  synchronized CrmObject seed(
      ObjectKind kind, Map<String, String> properties, long createdAt, long updatedAt) {
    lastTime = Math.max(lastTime, updatedAt);
    return insert(kind, properties, createdAt, updatedAt).copy();
  }

  private CrmObject insert(
      ObjectKind kind, Map<String, String> properties, long createdAt, long updatedAt) {
    CrmObject o = new CrmObject(kind, nextId++);
    properties.forEach(
        (k, v) -> {
          if (v != null && !v.isEmpty()) {
            o.properties.put(k, normalize(kind, k, v));
          }
        });
    o.createdAt = createdAt;
    o.updatedAt = updatedAt;
    o.properties.put("hs_object_id", Long.toString(o.id));
    o.properties.put("createdate", Json.iso(createdAt));
    o.properties.put(kind.modifiedProperty, Json.iso(updatedAt));
    objects.get(kind).put(o.id, o);
    String email = o.get("email");
    if (kind == ObjectKind.CONTACTS && email != null) {
      emails.put(email.toLowerCase(Locale.ROOT), o.id);
    }
    String company = o.get("associatedcompanyid");
    if (kind == ObjectKind.CONTACTS && company != null) {
      o.properties.remove("associatedcompanyid");
      Long companyId = parseId(company);
      if (companyId != null && objects.get(ObjectKind.COMPANIES).containsKey(companyId)) {
        link(ObjectKind.CONTACTS, o.id, ObjectKind.COMPANIES, companyId);
        o.properties.put("associatedcompanyid", company);
      }
    }
    return o;
  }

  /** Updates a live record; returns it, or throws 404 / 400 / 409. */
  synchronized CrmObject update(ObjectKind kind, long id, Map<String, String> properties) {
    CrmObject o = objects.get(kind).get(id);
    if (o == null || o.archived) {
      throw ApiException.notFound("Object not found.  objectId are usually numeric.");
    }
    validate(kind, properties, false);
    checkEmailFree(kind, properties.get("email"), id);
    long at = now();
    List<WebhookEvent> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String name = e.getKey();
      String value =
          e.getValue() == null || e.getValue().isEmpty()
              ? null
              : normalize(kind, name, e.getValue());
      String old = o.get(name);
      if (java.util.Objects.equals(old, value)) {
        continue;
      }
      if (kind == ObjectKind.CONTACTS && name.equals("associatedcompanyid")) {
        setPrimaryCompany(o, value == null ? null : parseId(value));
        changes.add(
            WebhookEvent.property(
                "contact.propertyChange", id, at, name, value == null ? "" : value));
        continue;
      }
      if (kind == ObjectKind.CONTACTS && name.equals("email")) {
        if (old != null) {
          emails.remove(old.toLowerCase(Locale.ROOT));
        }
        if (value != null) {
          emails.put(value.toLowerCase(Locale.ROOT), id);
        }
      }
      if (value == null) {
        o.properties.remove(name);
      } else {
        o.properties.put(name, value);
      }
      changes.add(
          WebhookEvent.property(
              kind.singular + ".propertyChange", id, at, name, value == null ? "" : value));
    }
    // Writing the values a record already has changes nothing, so it does not modify the record.
    if (!changes.isEmpty()) {
      touch(o, at);
      changes.forEach(events);
    }
    return o.copy();
  }

  /** Archives a record; archiving a missing or archived one does nothing, as in HubSpot. */
  synchronized void archive(ObjectKind kind, long id) {
    CrmObject o = objects.get(kind).get(id);
    if (o == null || o.archived) {
      return;
    }
    long at = now();
    for (ObjectKind other : ObjectKind.values()) {
      for (Long toId : List.copyOf(linked(kind, id, other))) {
        dissociate(kind, id, other, toId);
      }
    }
    o.archived = true;
    o.archivedAt = at;
    o.updatedAt = at;
    if (kind == ObjectKind.CONTACTS && o.get("email") != null) {
      emails.remove(o.get("email").toLowerCase(Locale.ROOT));
    }
    events.accept(WebhookEvent.of(kind.singular + ".deletion", id, at));
  }

  private void touch(CrmObject o, long at) {
    o.updatedAt = at;
    o.properties.put(o.kind.modifiedProperty, Json.iso(at));
  }

  private void checkEmailFree(ObjectKind kind, String email, long selfId) {
    if (kind != ObjectKind.CONTACTS || email == null || email.isEmpty()) {
      return;
    }
    Long existing = emails.get(email.toLowerCase(Locale.ROOT));
    if (existing != null && existing != selfId) {
      throw new ApiException(409, "CONFLICT", "Contact already exists. Existing ID: " + existing);
    }
  }

  // ---- validation ----

  /**
   * Checks property names and values as HubSpot does: unknown or read-only properties, bad options,
   * numbers, dates and emails each give one entry of the error's list.
   */
  void validate(ObjectKind kind, Map<String, String> properties, boolean create) {
    List<Map<String, Object>> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      PropertyDefinition def = catalog.get(kind, name);
      if (def == null) {
        problems.add(
            problem(name, "PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist"));
        continue;
      }
      if (def.readOnlyValue()) {
        problems.add(
            problem(
                name,
                "READ_ONLY_VALUE",
                "\"" + name + "\" is a read only property; its value cannot be set."));
        continue;
      }
      if (value == null || value.isEmpty()) {
        continue;
      }
      String error = valueError(kind, def, value);
      if (error != null) {
        problems.add(
            problem(
                name,
                error.substring(0, error.indexOf(':')),
                error.substring(error.indexOf(':') + 1)));
      }
    }
    if (!problems.isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (Map<String, Object> p : problems) {
        errors.add(
            Map.of(
                "message", p.get("message"),
                "code", p.get("error"),
                "context", Map.of("propertyName", List.of(p.get("name")))));
      }
      throw new ApiException(
          400,
          "VALIDATION_ERROR",
          "Property values were not valid: " + Json.write(problems),
          errors,
          Map.of());
    }
  }

  private String valueError(ObjectKind kind, PropertyDefinition def, String value) {
    switch (def.type()) {
      case "enumeration":
        if (!def.allows(value)) {
          return "INVALID_OPTION:"
              + value
              + " was not one of the allowed options: "
              + def.options().stream().map(PropertyDefinition.Option::value).toList();
        }
        return null;
      case "number":
        if (def.name().equals("associatedcompanyid")) {
          Long id = parseId(value);
          CrmObject company = id == null ? null : objects.get(ObjectKind.COMPANIES).get(id);
          if (company == null || company.archived) {
            return "INVALID_LONG:" + value + " is not the id of an existing company";
          }
          return null;
        }
        try {
          Double.parseDouble(value);
          return null;
        } catch (NumberFormatException e) {
          return "INVALID_DOUBLE:" + value + " was not a valid number.";
        }
      case "date", "datetime":
        return parseTime(value) == null
            ? "INVALID_DATE:"
                + value
                + " was not a valid date: use epoch milliseconds or ISO-8601 (YYYY-MM-DD or"
                + " YYYY-MM-DDThh:mm:ss.sssZ)"
            : null;
      default:
        if (kind == ObjectKind.CONTACTS
            && def.name().equals("email")
            && !value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
          return "INVALID_EMAIL:Email address " + value + " is invalid";
        }
        return null;
    }
  }

  private static Map<String, Object> problem(String name, String code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("isValid", false);
    m.put("message", message);
    m.put("error", code);
    m.put("name", name);
    m.put("localizedErrorMessage", message);
    return m;
  }

  /** Stores dates as HubSpot returns them: ISO-8601 UTC with milliseconds. */
  private String normalize(ObjectKind kind, String name, String value) {
    PropertyDefinition def = catalog.get(kind, name);
    if (def != null && (def.type().equals("date") || def.type().equals("datetime"))) {
      Long ms = parseTime(value);
      return ms == null ? value : Json.iso(ms);
    }
    return value;
  }

  /** Epoch milliseconds of a date value, or null when it is not one. */
  static Long parseTime(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.chars().allMatch(Character::isDigit) && value.length() < 19) {
      return Long.parseLong(value);
    }
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  static Long parseId(String value) {
    try {
      long id = Long.parseLong(value.trim());
      return id > 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---- associations ----

  /** The object type a create's association type id points to, after checking the target. */
  private ObjectKind associationTarget(ObjectKind from, int typeId, long toId) {
    ObjectKind to = AssociationTypes.target(from, typeId);
    if (to == null) {
      throw ApiException.validation(
          "association type id "
              + typeId
              + " doesn't exist between "
              + from.singular
              + " and any"
              + " supported object type");
    }
    CrmObject target = objects.get(to).get(toId);
    if (target == null || target.archived) {
      throw ApiException.validation(
          "One or more associations are invalid: " + to.upper() + "=" + toId + " is not valid");
    }
    return to;
  }

  private static String key(ObjectKind from, ObjectKind to) {
    return from.plural + ">" + to.plural;
  }

  private Set<Long> linked(ObjectKind from, long fromId, ObjectKind to) {
    Map<Long, Set<Long>> m = associations.get(key(from, to));
    Set<Long> s = m == null ? null : m.get(fromId);
    return s == null ? Set.of() : s;
  }

  private boolean link(ObjectKind from, long fromId, ObjectKind to, long toId) {
    boolean added =
        associations
            .computeIfAbsent(key(from, to), k -> new HashMap<>())
            .computeIfAbsent(fromId, k -> new LinkedHashSet<>())
            .add(toId);
    associations
        .computeIfAbsent(key(to, from), k -> new HashMap<>())
        .computeIfAbsent(toId, k -> new LinkedHashSet<>())
        .add(fromId);
    return added;
  }

  private boolean unlink(ObjectKind from, long fromId, ObjectKind to, long toId) {
    Map<Long, Set<Long>> m = associations.get(key(from, to));
    boolean removed = m != null && m.containsKey(fromId) && m.get(fromId).remove(toId);
    Map<Long, Set<Long>> back = associations.get(key(to, from));
    if (back != null && back.containsKey(toId)) {
      back.get(toId).remove(fromId);
    }
    return removed;
  }

  /** Links two records without events or timestamp changes, for seeding. */
  synchronized void linkSeed(ObjectKind from, long fromId, ObjectKind to, long toId) {
    link(from, fromId, to, toId);
  }

  /** The live records of type {@code to} associated with a record, in association order. */
  synchronized List<Long> associated(ObjectKind from, long fromId, ObjectKind to) {
    return List.copyOf(linked(from, fromId, to));
  }

  /** Whether a live record exists. */
  synchronized boolean exists(ObjectKind kind, long id) {
    CrmObject o = objects.get(kind).get(id);
    return o != null && !o.archived;
  }

  /**
   * Associates two live records with the default (unlabeled) type. A contact's first company
   * becomes its primary company ({@code associatedcompanyid}).
   */
  synchronized void associate(ObjectKind from, long fromId, ObjectKind to, long toId) {
    if (!exists(from, fromId)) {
      throw ApiException.notFound(from.upper() + "=" + fromId + " is not valid");
    }
    if (!exists(to, toId)) {
      throw ApiException.notFound(to.upper() + "=" + toId + " is not valid");
    }
    if (!link(from, fromId, to, toId)) {
      return;
    }
    long at = now();
    emitAssociation(from, fromId, to, toId, at, false);
    touchForAssociation(from, fromId, at);
    touchForAssociation(to, toId, at);
    if (from == ObjectKind.CONTACTS && to == ObjectKind.COMPANIES) {
      primaryIfNone(fromId, toId, at);
    } else if (from == ObjectKind.COMPANIES && to == ObjectKind.CONTACTS) {
      primaryIfNone(toId, fromId, at);
    }
  }

  synchronized void dissociate(ObjectKind from, long fromId, ObjectKind to, long toId) {
    if (!unlink(from, fromId, to, toId)) {
      return;
    }
    long at = now();
    emitAssociation(from, fromId, to, toId, at, true);
    touchForAssociation(from, fromId, at);
    touchForAssociation(to, toId, at);
    long contactId = from == ObjectKind.CONTACTS ? fromId : toId;
    long companyId = from == ObjectKind.CONTACTS ? toId : fromId;
    if ((from == ObjectKind.CONTACTS && to == ObjectKind.COMPANIES)
        || (from == ObjectKind.COMPANIES && to == ObjectKind.CONTACTS)) {
      CrmObject contact = objects.get(ObjectKind.CONTACTS).get(contactId);
      if (contact != null && Long.toString(companyId).equals(contact.get("associatedcompanyid"))) {
        contact.properties.remove("associatedcompanyid");
        events.accept(
            WebhookEvent.property(
                "contact.propertyChange", contactId, at, "associatedcompanyid", ""));
      }
    }
  }

  private void primaryIfNone(long contactId, long companyId, long at) {
    CrmObject contact = objects.get(ObjectKind.CONTACTS).get(contactId);
    if (contact.get("associatedcompanyid") == null) {
      contact.properties.put("associatedcompanyid", Long.toString(companyId));
      events.accept(
          WebhookEvent.property(
              "contact.propertyChange",
              contactId,
              at,
              "associatedcompanyid",
              Long.toString(companyId)));
    }
  }

  /** Sets a contact's primary company, associating it first if needed; null clears. */
  private void setPrimaryCompany(CrmObject contact, Long companyId) {
    String old = contact.get("associatedcompanyid");
    if (companyId == null) {
      contact.properties.remove("associatedcompanyid");
      return;
    }
    contact.properties.put("associatedcompanyid", Long.toString(companyId));
    if (link(ObjectKind.CONTACTS, contact.id, ObjectKind.COMPANIES, companyId)) {
      long at = now();
      emitAssociation(ObjectKind.CONTACTS, contact.id, ObjectKind.COMPANIES, companyId, at, false);
      touchForAssociation(ObjectKind.COMPANIES, companyId, at);
    }
    if (old != null) {
      // The previous primary company stays associated, as in HubSpot, but is no longer primary.
      contact.properties.put("associatedcompanyid", Long.toString(companyId));
    }
  }

  /** Association counts are properties in HubSpot, so a change of them modifies the record. */
  private void touchForAssociation(ObjectKind kind, long id, long at) {
    CrmObject o = objects.get(kind).get(id);
    if (o != null && !o.archived) {
      touch(o, at);
    }
  }

  private void emitAssociation(
      ObjectKind from, long fromId, ObjectKind to, long toId, long at, boolean removed) {
    String type = from.upper() + "_TO_" + to.upper();
    boolean primary = false;
    if (from == ObjectKind.CONTACTS && to == ObjectKind.COMPANIES) {
      CrmObject c = objects.get(from).get(fromId);
      primary = c != null && Long.toString(toId).equals(c.get("associatedcompanyid"));
    }
    events.accept(
        new WebhookEvent(
            from.singular + ".associationChange",
            fromId,
            at,
            null,
            null,
            toId,
            type,
            removed,
            primary));
  }
}
