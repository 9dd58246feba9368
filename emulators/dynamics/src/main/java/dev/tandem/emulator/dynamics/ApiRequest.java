package dev.tandem.emulator.dynamics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request to the Web API, whether it came over the wire or out of a {@code $batch}.
 *
 * @param method upper-case HTTP method
 * @param path the path below the service root, e.g. {@code contacts(…)} (no leading slash)
 * @param query the raw (still URL-encoded) query string, or empty
 * @param headers request headers, names case-insensitive
 * @param body the request body, or empty
 */
record ApiRequest(
    String method, String path, String query, Map<String, String> headers, String body) {

  ApiRequest {
    method = method.toUpperCase(Locale.ROOT);
    query = query == null ? "" : query;
    body = body == null ? "" : body;
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    headers = h;
  }

  String header(String name) {
    return headers.get(name);
  }
}
