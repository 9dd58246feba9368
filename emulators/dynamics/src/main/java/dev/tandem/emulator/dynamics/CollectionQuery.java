package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code GET} on an entity set: {@code $select}, {@code $filter}, {@code $orderby}, {@code $top},
 * paging with {@code Prefer: odata.maxpagesize} and {@code @odata.nextLink}, and change tracking
 * with {@code Prefer: odata.track-changes}, {@code @odata.deltaLink} and {@code $deletedEntity}
 * rows.
 */
final class CollectionQuery {
  static final int MAX_PAGE_SIZE = 5000;

  private final ObjectMapper json;
  private final DataStore store;
  private final DeltaTokens tokens;
  private final RowRenderer renderer;
  private final Supplier<String> base;

  CollectionQuery(
      ObjectMapper json,
      DataStore store,
      DeltaTokens tokens,
      RowRenderer renderer,
      Supplier<String> base) {
    this.json = json;
    this.store = store;
    this.tokens = tokens;
    this.renderer = renderer;
    this.base = base;
  }

  private String base() {
    return base.get();
  }

  ApiResponse list(EntitySet set, ApiRequest r) {
    QueryOptions q = new QueryOptions(r.query());
    Prefer prefer = new Prefer(r.header("Prefer"));
    List<String> select = renderer.select(set, q.get("$select"));
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
      applied.add("odata.maxpagesize=" + pageSize);
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
    body.put("@odata.context", renderer.context(set, select, ""));
    ArrayNode value = body.putArray("value");
    for (Row row : pageRows) {
      value.add(renderer.render(set, row, select, prefer.annotations));
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
    body.put("@odata.context", renderer.context(set, select, deltaToken == null ? "" : "/$delta"));
    ArrayNode value = body.putArray("value");
    String nextCookie = null;
    if (phase.equals("changed")) {
      List<Row> changed = store.rowsChanged(set.name(), after, snapshot, pageSize + 1);
      boolean more = changed.size() > pageSize;
      List<Row> pageRows = more ? changed.subList(0, pageSize) : changed;
      for (Row row : pageRows) {
        value.add(renderer.render(set, row, select, prefer.annotations));
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
}
