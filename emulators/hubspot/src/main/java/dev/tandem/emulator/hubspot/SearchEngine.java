package dev.tandem.emulator.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * HubSpot's CRM search: filter groups (OR of ANDs), one sort, paging by offset, and the documented
 * limits (5 groups, 6 filters per group, 18 filters in all, 200 results per page, 10,000 results
 * per query).
 */
final class SearchEngine {
  static final int MAX_GROUPS = 5;
  static final int MAX_FILTERS_PER_GROUP = 6;
  static final int MAX_FILTERS = 18;
  static final int MAX_LIMIT = 200;
  static final int RESULT_CAP = 10_000;

  private static final Set<String> OPERATORS =
      Set.of(
          "EQ",
          "NEQ",
          "LT",
          "LTE",
          "GT",
          "GTE",
          "BETWEEN",
          "IN",
          "NOT_IN",
          "HAS_PROPERTY",
          "NOT_HAS_PROPERTY",
          "CONTAINS_TOKEN",
          "NOT_CONTAINS_TOKEN");

  private final PropertyCatalog catalog;

  SearchEngine(PropertyCatalog catalog) {
    this.catalog = catalog;
  }

  Map<String, Object> search(ObjectKind kind, JsonNode req, List<CrmObject> live) {
    int limit = req.path("limit").asInt(10);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.validation(
          "limit must be between 1 and " + MAX_LIMIT + " but was " + limit);
    }
    int after = 0;
    if (req.hasNonNull("after") && !req.get("after").asText().isEmpty()) {
      try {
        after = Integer.parseInt(req.get("after").asText());
      } catch (NumberFormatException e) {
        throw ApiException.validation("after must be an offset, but was " + req.get("after"));
      }
    }
    if (after + limit > RESULT_CAP) {
      throw ApiException.validation(
          "The search API returns at most "
              + RESULT_CAP
              + " results for a query; after="
              + after
              + " with limit="
              + limit
              + " pages past that. Narrow the query with filters instead.");
    }
    Predicate<CrmObject> filter = filter(kind, req.path("filterGroups"));
    String query = req.path("query").asText("").trim().toLowerCase(Locale.ROOT);
    List<CrmObject> matches = new ArrayList<>();
    for (CrmObject o : live) {
      if (filter.test(o) && (query.isEmpty() || matchesQuery(o, query))) {
        matches.add(o);
      }
    }
    matches = sorted(kind, req.path("sorts"), matches);
    List<String> properties = null;
    if (req.has("properties") && req.get("properties").isArray()) {
      properties = new ArrayList<>();
      for (JsonNode p : req.get("properties")) {
        properties.add(p.asText());
      }
    }
    List<Object> results = new ArrayList<>();
    for (int i = after; i < Math.min(matches.size(), after + limit); i++) {
      results.add(RecordView.render(matches.get(i), properties, catalog));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", matches.size());
    body.put("results", results);
    if (after + limit < matches.size()) {
      body.put("paging", Map.of("next", Map.of("after", Integer.toString(after + limit))));
    }
    return body;
  }

  private static boolean matchesQuery(CrmObject o, String q) {
    for (String p :
        List.of("email", "firstname", "lastname", "name", "domain", "dealname", "phone")) {
      String v = o.get(p);
      if (v != null && v.toLowerCase(Locale.ROOT).contains(q)) {
        return true;
      }
    }
    return false;
  }

  private Predicate<CrmObject> filter(ObjectKind kind, JsonNode groups) {
    if (groups.isMissingNode() || groups.isNull() || groups.isEmpty()) {
      return o -> true;
    }
    if (groups.size() > MAX_GROUPS) {
      throw ApiException.validation(
          "Too many filter groups: "
              + groups.size()
              + ". A search request may have at most "
              + MAX_GROUPS
              + " filterGroups.");
    }
    int total = 0;
    List<Predicate<CrmObject>> ors = new ArrayList<>();
    for (JsonNode group : groups) {
      JsonNode filters = group.path("filters");
      if (filters.size() > MAX_FILTERS_PER_GROUP) {
        throw ApiException.validation(
            "Too many filters in a filter group: "
                + filters.size()
                + ". A filter group may have at most "
                + MAX_FILTERS_PER_GROUP
                + " filters.");
      }
      total += filters.size();
      List<Predicate<CrmObject>> ands = new ArrayList<>();
      for (JsonNode f : filters) {
        ands.add(filterOf(kind, f));
      }
      ors.add(o -> ands.stream().allMatch(p -> p.test(o)));
    }
    if (total > MAX_FILTERS) {
      throw ApiException.validation(
          "Too many filters: "
              + total
              + ". A search request may have at most "
              + MAX_FILTERS
              + " filters in all.");
    }
    return o -> ors.stream().anyMatch(p -> p.test(o));
  }

  private Predicate<CrmObject> filterOf(ObjectKind kind, JsonNode f) {
    String prop = f.path("propertyName").asText("");
    String op = f.path("operator").asText("");
    if (prop.isEmpty()) {
      throw ApiException.validation("A filter is missing its propertyName");
    }
    if (!OPERATORS.contains(op)) {
      throw ApiException.validation(
          "Unknown operator '"
              + op
              + "' in the filter on "
              + prop
              + "; known operators: "
              + OPERATORS);
    }
    PropertyDefinition def = catalog.get(kind, prop);
    String type = def == null ? "string" : def.type();
    String value = f.path("value").asText(null);
    if ((type.equals("datetime") || type.equals("date")) && isStoredTime(kind, prop)) {
      Predicate<CrmObject> fast =
          timeFilter(kind, prop, op, value, f.path("highValue").asText(null), f.path("values"));
      if (fast != null) {
        return fast;
      }
    }
    List<String> values = new ArrayList<>();
    f.path("values").forEach(v -> values.add(v.asText()));
    String high = f.path("highValue").asText(null);
    return switch (op) {
      case "HAS_PROPERTY" -> o -> o.get(prop) != null;
      case "NOT_HAS_PROPERTY" -> o -> o.get(prop) == null;
      case "EQ" -> o -> compare(type, o.get(prop), value) == 0;
      case "NEQ" -> o -> o.get(prop) == null || compare(type, o.get(prop), value) != 0;
      case "LT" -> o -> o.get(prop) != null && compare(type, o.get(prop), value) < 0;
      case "LTE" -> o -> o.get(prop) != null && compare(type, o.get(prop), value) <= 0;
      case "GT" -> o -> o.get(prop) != null && compare(type, o.get(prop), value) > 0;
      case "GTE" -> o -> o.get(prop) != null && compare(type, o.get(prop), value) >= 0;
      case "BETWEEN" ->
          o ->
              o.get(prop) != null
                  && compare(type, o.get(prop), value) >= 0
                  && compare(type, o.get(prop), high) <= 0;
      case "IN" -> o -> values.stream().anyMatch(v -> compare(type, o.get(prop), v) == 0);
      case "NOT_IN" -> o -> values.stream().noneMatch(v -> compare(type, o.get(prop), v) == 0);
      case "CONTAINS_TOKEN" -> o -> containsToken(o.get(prop), value);
      default -> o -> !containsToken(o.get(prop), value);
    };
  }

  private static boolean isStoredTime(ObjectKind kind, String prop) {
    return prop.equals("createdate") || prop.equals(kind.modifiedProperty);
  }

  /** createdate and the modification date, read from the record's timestamps (no parsing). */
  static long storedTime(CrmObject o, String prop) {
    return prop.equals("createdate") ? o.createdAt : o.updatedAt;
  }

  /** A filter on a stored timestamp for the comparison operators; null for the others. */
  private static Predicate<CrmObject> timeFilter(
      ObjectKind kind, String prop, String op, String value, String high, JsonNode values) {
    Long v = CrmStore.parseTime(value);
    if (v == null && !op.equals("BETWEEN")) {
      return null;
    }
    return switch (op) {
      case "EQ" -> o -> storedTime(o, prop) == v;
      case "NEQ" -> o -> storedTime(o, prop) != v;
      case "LT" -> o -> storedTime(o, prop) < v;
      case "LTE" -> o -> storedTime(o, prop) <= v;
      case "GT" -> o -> storedTime(o, prop) > v;
      case "GTE" -> o -> storedTime(o, prop) >= v;
      case "BETWEEN" -> {
        Long lo = CrmStore.parseTime(value);
        Long hi = CrmStore.parseTime(high);
        yield lo == null || hi == null
            ? null
            : o -> storedTime(o, prop) >= lo && storedTime(o, prop) <= hi;
      }
      default -> null;
    };
  }

  /** Compares a stored value with a filter value by the property's type; null sorts first. */
  static int compare(String type, String stored, String given) {
    if (stored == null || given == null) {
      return stored == null && given == null ? 0 : stored == null ? -1 : 1;
    }
    switch (type) {
      case "number" -> {
        try {
          return Double.compare(Double.parseDouble(stored), Double.parseDouble(given));
        } catch (NumberFormatException e) {
          return stored.compareToIgnoreCase(given);
        }
      }
      case "date", "datetime" -> {
        Long a = CrmStore.parseTime(stored);
        Long b = CrmStore.parseTime(given);
        if (a != null && b != null) {
          return Long.compare(a, b);
        }
        return stored.compareToIgnoreCase(given);
      }
      default -> {
        return stored.compareToIgnoreCase(given);
      }
    }
  }

  private static boolean containsToken(String stored, String token) {
    if (stored == null || token == null) {
      return false;
    }
    String regex = ("\\Q" + token.toLowerCase(Locale.ROOT) + "\\E").replace("*", "\\E.*\\Q");
    String s = stored.toLowerCase(Locale.ROOT);
    if (s.matches(regex)) {
      return true;
    }
    for (String part : s.split("[^\\p{L}\\p{N}]+")) {
      if (part.matches(regex)) {
        return true;
      }
    }
    return false;
  }

  /** Sorts by one property (parsed once per record), then by id; by id alone without a sort. */
  private List<CrmObject> sorted(ObjectKind kind, JsonNode sorts, List<CrmObject> matches) {
    if (sorts.isMissingNode() || sorts.isNull() || sorts.isEmpty()) {
      matches.sort(Comparator.comparingLong(o -> o.id));
      return matches;
    }
    if (sorts.size() > 1) {
      throw ApiException.validation(
          "Only one sort is allowed, but " + sorts.size() + " were given");
    }
    JsonNode s = sorts.get(0);
    String prop = s.isTextual() ? s.asText() : s.path("propertyName").asText();
    boolean desc = s.path("direction").asText("ASCENDING").equals("DESCENDING");
    if (prop.startsWith("-")) {
      prop = prop.substring(1);
      desc = true;
    }
    PropertyDefinition def = catalog.get(kind, prop);
    String type = def == null ? "string" : def.type();
    record Keyed(CrmObject o, Comparable<Object> key) {}
    List<Keyed> keyed = new ArrayList<>(matches.size());
    boolean stored = isStoredTime(kind, prop);
    for (CrmObject o : matches) {
      keyed.add(new Keyed(o, stored ? longKey(storedTime(o, prop)) : sortKey(type, o.get(prop))));
    }
    Comparator<Keyed> byKey =
        Comparator.comparing(Keyed::key, Comparator.nullsFirst(Comparator.naturalOrder()));
    if (desc) {
      byKey = byKey.reversed();
    }
    keyed.sort(byKey.thenComparingLong(k -> k.o().id));
    List<CrmObject> out = new ArrayList<>(keyed.size());
    keyed.forEach(k -> out.add(k.o()));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> longKey(long v) {
    return (Comparable<Object>) (Comparable<?>) Long.valueOf(v);
  }

  @SuppressWarnings("unchecked")
  private static Comparable<Object> sortKey(String type, String value) {
    if (value == null) {
      return null;
    }
    Comparable<?> key =
        switch (type) {
          case "number" -> {
            try {
              yield Double.parseDouble(value);
            } catch (NumberFormatException e) {
              yield Double.NaN;
            }
          }
          case "date", "datetime" -> {
            Long ms = CrmStore.parseTime(value);
            yield ms == null ? Long.MIN_VALUE : ms;
          }
          default -> value.toLowerCase(Locale.ROOT);
        };
    return (Comparable<Object>) key;
  }
}
