package dev.tandem.connector.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Composes a {@code $batch} request body of independent requests (no change sets, so one refused
 * operation never rolls back the others) and splits the multipart response into one {@link Part}
 * per request, in order.
 */
final class BatchWriter {
  /** One request of the batch. */
  record Request(String method, String url, String body, List<String> headers) {}

  /** One response of the batch. */
  record Part(int status, Map<String, String> headers, String body) {}

  final String boundary = "batch_" + UUID.randomUUID();
  private final StringBuilder body = new StringBuilder();
  private int count;

  void add(Request r) {
    count++;
    body.append("--").append(boundary).append("\r\n");
    body.append("Content-Type: application/http\r\n");
    body.append("Content-Transfer-Encoding: binary\r\n\r\n");
    body.append(r.method()).append(' ').append(r.url()).append(" HTTP/1.1\r\n");
    for (int i = 0; i + 1 < r.headers().size(); i += 2) {
      body.append(r.headers().get(i)).append(": ").append(r.headers().get(i + 1)).append("\r\n");
    }
    if (r.body() != null) {
      body.append("Content-Type: application/json; type=entry\r\n\r\n");
      body.append(r.body()).append("\r\n");
    } else {
      body.append("\r\n");
    }
  }

  int size() {
    return count;
  }

  String body() {
    return body + "--" + boundary + "--\r\n";
  }

  String contentType() {
    return "multipart/mixed; boundary=\"" + boundary + "\"";
  }

  /**
   * The responses of a multipart batch response, in order; a change-set response contributes its
   * members.
   */
  static List<Part> parse(String contentType, String responseBody) {
    String boundary = boundaryOf(contentType);
    List<Part> out = new ArrayList<>();
    if (boundary == null) {
      return out;
    }
    for (String part : split(responseBody, boundary)) {
      Map<String, String> mime = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      String content = headers(part, mime);
      String type = mime.getOrDefault("Content-Type", "");
      if (type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
        out.addAll(parse(type, content));
        continue;
      }
      out.add(http(content));
    }
    return out;
  }

  private static Part http(String content) {
    String text = content.stripLeading();
    int eol = text.indexOf('\n');
    String statusLine = (eol < 0 ? text : text.substring(0, eol)).trim();
    String[] words = statusLine.split("\\s+");
    int status;
    try {
      status = Integer.parseInt(words[1]);
    } catch (RuntimeException e) {
      status = 0;
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    String body = eol < 0 ? "" : headers(text.substring(eol + 1), headers).strip();
    return new Part(status, headers, body);
  }

  static String boundaryOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String p : contentType.split(";")) {
      String t = p.trim();
      if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        return t.substring("boundary=".length()).replace("\"", "").trim();
      }
    }
    return null;
  }

  private static List<String> split(String body, String boundary) {
    List<String> parts = new ArrayList<>();
    String delimiter = "--" + boundary;
    StringBuilder current = null;
    for (String line : body.replace("\r\n", "\n").split("\n", -1)) {
      String t = line.stripTrailing();
      if (t.equals(delimiter + "--")) {
        if (current != null) {
          parts.add(current.toString());
        }
        return parts;
      }
      if (t.equals(delimiter)) {
        if (current != null) {
          parts.add(current.toString());
        }
        current = new StringBuilder();
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (current != null) {
      parts.add(current.toString());
    }
    return parts;
  }

  private static String headers(String text, Map<String, String> into) {
    String[] lines = text.split("\n", -1);
    int i = 0;
    for (; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        i++;
        break;
      }
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        into.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
      }
    }
    StringBuilder rest = new StringBuilder();
    for (; i < lines.length; i++) {
      rest.append(lines[i]).append('\n');
    }
    return rest.toString();
  }
}
