package dev.tandem.emulator.dynamics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/data/v9.2/$batch}: a {@code multipart/mixed} body of requests and change sets,
 * as the Dataverse documentation and OData 4.0 §11.7 describe it.
 *
 * <ul>
 *   <li>At most 1000 requests in all (change-set members included); more refuse the whole batch.
 *   <li>Requests run in order; a change set is atomic (one failing member rolls back the others and
 *       the change set answers with that one error) and may refer to the URI of an entity created
 *       earlier in it as {@code $<Content-ID>}.
 *   <li>Without {@code Prefer: odata.continue-on-error} the first error stops the batch and the
 *       batch answers with that error's status; with it, every request runs and the batch answers
 *       200.
 * </ul>
 */
final class BatchProcessor {
  static final int MAX_REQUESTS = 1000;
  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
  private static final Pattern CONTENT_ID_REF = Pattern.compile("\"\\$(\\d+)\"");

  private final WebApi api;
  private final DataStore store;
  private final Consumer<String> meter;

  BatchProcessor(WebApi api, DataStore store, Consumer<String> meter) {
    this.api = api;
    this.store = store;
    this.meter = meter;
  }

  /** One part of the batch: a single request, or a change set of requests. */
  private record Item(Part request, List<Part> changeSet) {}

  /** One application/http part: its MIME headers and the HTTP request it carries. */
  private record Part(Map<String, String> mimeHeaders, ApiRequest request, String rawUrl) {
    String contentId() {
      return mimeHeaders.get("Content-ID");
    }
  }

  /** A change-set member failed; carries its response so the change set can answer with it. */
  private static final class ChangeSetFailed extends RuntimeException {
    final ApiResponse response;
    final String contentId;

    ChangeSetFailed(ApiResponse response, String contentId) {
      super(null, null, false, false);
      this.response = response;
      this.contentId = contentId;
    }
  }

  ApiResponse handle(ApiRequest batch) {
    List<Item> items = parse(batch);
    int total =
        items.stream().mapToInt(i -> i.changeSet() == null ? 1 : i.changeSet().size()).sum();
    if (total > MAX_REQUESTS) {
      throw new DataverseError(
          400,
          DataverseError.BAD_QUERY,
          "The number of requests in the batch ("
              + total
              + ") exceeds the maximum of "
              + MAX_REQUESTS
              + " requests per batch.");
    }
    boolean continueOnError = new Prefer(batch.header("Prefer")).continueOnError;
    String boundary = "batchresponse_" + UUID.randomUUID();
    StringBuilder out = new StringBuilder();
    int status = 200;
    for (Item item : items) {
      if (item.changeSet() == null) {
        Part p = item.request();
        meter.accept(WebApi.template(p.request().method(), p.request().path()));
        ApiResponse resp = api.handle(p.request());
        appendPart(out, boundary, resp, p.contentId());
        if (resp.status >= 400 && !continueOnError) {
          status = resp.status;
          break;
        }
        continue;
      }
      String csBoundary = "changesetresponse_" + UUID.randomUUID();
      try {
        StringBuilder cs = new StringBuilder();
        store.atomically(
            () -> {
              Map<String, String> created = new HashMap<>();
              for (Part p : item.changeSet()) {
                ApiRequest req = resolveReferences(p, created);
                meter.accept(WebApi.template(req.method(), req.path()));
                ApiResponse resp = api.handle(req);
                if (resp.status >= 400) {
                  throw new ChangeSetFailed(resp, p.contentId());
                }
                String entityId = resp.headers.get("OData-EntityId");
                if (p.contentId() != null && entityId != null) {
                  created.put(p.contentId(), entityId);
                }
                appendPart(cs, csBoundary, resp, p.contentId());
              }
              return null;
            });
        cs.append("--").append(csBoundary).append("--\r\n");
        out.append("--").append(boundary).append("\r\n");
        out.append("Content-Type: multipart/mixed; boundary=")
            .append(csBoundary)
            .append("\r\n\r\n");
        out.append(cs);
      } catch (ChangeSetFailed f) {
        appendPart(out, boundary, f.response, f.contentId);
        if (!continueOnError) {
          status = f.response.status;
          break;
        }
      } catch (DataverseError e) {
        ApiResponse resp = api.error(e);
        appendPart(out, boundary, resp, null);
        if (!continueOnError) {
          status = resp.status;
          break;
        }
      }
    }
    out.append("--").append(boundary).append("--\r\n");
    ApiResponse resp = new ApiResponse(status);
    resp.header("Content-Type", "multipart/mixed; boundary=" + boundary);
    resp.body = out.toString();
    return resp;
  }

  private ApiRequest resolveReferences(Part p, Map<String, String> created) {
    String url = p.rawUrl();
    if (url.startsWith("$")) {
      int end = 1;
      while (end < url.length() && Character.isDigit(url.charAt(end))) {
        end++;
      }
      String id = url.substring(1, end);
      String uri = created.get(id);
      if (uri == null) {
        throw missingReference(id);
      }
      url = uri + url.substring(end);
    }
    StringBuilder body = new StringBuilder();
    Matcher m = CONTENT_ID_REF.matcher(p.request().body());
    while (m.find()) {
      String uri = created.get(m.group(1));
      if (uri == null) {
        throw missingReference(m.group(1));
      }
      m.appendReplacement(body, Matcher.quoteReplacement("\"" + uri + "\""));
    }
    m.appendTail(body);
    String[] pathQuery = relative(url);
    return new ApiRequest(
        p.request().method(), pathQuery[0], pathQuery[1], p.request().headers(), body.toString());
  }

  private static DataverseError missingReference(String id) {
    return new DataverseError(
        400,
        DataverseError.BAD_QUERY,
        "Content-ID Reference: '$" + id + "' does not exist in the batch context.");
  }

  private static void appendPart(StringBuilder out, String boundary, ApiResponse r, String cid) {
    out.append("--").append(boundary).append("\r\n");
    out.append("Content-Type: application/http\r\n");
    out.append("Content-Transfer-Encoding: binary\r\n");
    if (cid != null) {
      out.append("Content-ID: ").append(cid).append("\r\n");
    }
    out.append("\r\n");
    out.append("HTTP/1.1 ").append(r.status).append(' ').append(ApiResponse.reason(r.status));
    out.append("\r\n");
    r.headers.forEach((k, v) -> out.append(k).append(": ").append(v).append("\r\n"));
    out.append("\r\n");
    if (!r.body.isEmpty()) {
      out.append(r.body).append("\r\n");
    }
  }

  // ---------------------------------------------------------------- parsing

  private List<Item> parse(ApiRequest batch) {
    String boundary = boundary(batch.header("Content-Type"));
    if (boundary == null) {
      throw DataverseError.badRequest(
          "A $batch request needs the header 'Content-Type: multipart/mixed; boundary=batch_…'.");
    }
    List<Item> items = new ArrayList<>();
    for (String raw : split(batch.body(), boundary)) {
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      String content = headers(raw, headers);
      String type = headers.getOrDefault("Content-Type", "").toLowerCase(Locale.ROOT);
      if (type.startsWith("multipart/mixed")) {
        String csBoundary = boundary(headers.get("Content-Type"));
        if (csBoundary == null) {
          throw DataverseError.badRequest("A change set part has no boundary.");
        }
        List<Part> members = new ArrayList<>();
        for (String member : split(content, csBoundary)) {
          Part p = part(member);
          if (p.request().method().equals("GET")) {
            throw DataverseError.badRequest(
                "GET requests are not allowed within change sets; send them outside the change"
                    + " set.");
          }
          members.add(p);
        }
        items.add(new Item(null, members));
      } else {
        items.add(new Item(part(raw), null));
      }
    }
    return items;
  }

  private static String boundary(String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
      return null;
    }
    Matcher m = BOUNDARY.matcher(contentType);
    return m.find() ? m.group(1).trim() : null;
  }

  /** The texts between the delimiter lines of a multipart body. */
  private static List<String> split(String body, String boundary) {
    String text = body.replace("\r\n", "\n");
    String delimiter = "--" + boundary;
    List<String> parts = new ArrayList<>();
    StringBuilder current = null;
    for (String line : text.split("\n", -1)) {
      String trimmed = line.stripTrailing();
      if (trimmed.equals(delimiter) || trimmed.equals(delimiter + "--")) {
        if (current != null) {
          parts.add(current.toString());
        }
        if (trimmed.endsWith("--") && trimmed.length() == delimiter.length() + 2) {
          return parts;
        }
        current = new StringBuilder();
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    throw DataverseError.badRequest(
        "The batch body does not end with the closing delimiter '" + delimiter + "--'.");
  }

  /** Reads MIME headers into {@code into}; returns what follows the blank line. */
  private static String headers(String part, Map<String, String> into) {
    String[] lines = part.split("\n", -1);
    int i = 0;
    for (; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        i++;
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        into.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    StringBuilder rest = new StringBuilder();
    for (; i < lines.length; i++) {
      rest.append(lines[i]);
      if (i < lines.length - 1) {
        rest.append('\n');
      }
    }
    return rest.toString();
  }

  private Part part(String raw) {
    Map<String, String> mime = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    String http = headers(raw, mime);
    String[] lines = http.split("\n", -1);
    int i = 0;
    while (i < lines.length && lines[i].isBlank()) {
      i++;
    }
    if (i >= lines.length) {
      throw DataverseError.badRequest("A batch part holds no HTTP request.");
    }
    String[] requestLine = lines[i].trim().split("\\s+");
    if (requestLine.length < 2) {
      throw DataverseError.badRequest(
          "Malformed request line in a batch part: '" + lines[i] + "'.");
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    StringBuilder rest = new StringBuilder();
    for (int j = i + 1; j < lines.length; j++) {
      rest.append(lines[j]).append('\n');
    }
    String body = headers(rest.toString(), headers).strip();
    String method = requestLine[0];
    String url = requestLine[1];
    String[] pathQuery = url.startsWith("$") ? new String[] {url, ""} : relative(url);
    return new Part(mime, new ApiRequest(method, pathQuery[0], pathQuery[1], headers, body), url);
  }

  /** The path below the service root and the query of a URL in any of the forms Dataverse takes. */
  private static String[] relative(String url) {
    String u = url;
    int root = u.indexOf(WebApi.ROOT);
    if (root >= 0) {
      u = u.substring(root + WebApi.ROOT.length());
    }
    while (u.startsWith("/")) {
      u = u.substring(1);
    }
    int q = u.indexOf('?');
    return q < 0 ? new String[] {u, ""} : new String[] {u.substring(0, q), u.substring(q + 1)};
  }
}
