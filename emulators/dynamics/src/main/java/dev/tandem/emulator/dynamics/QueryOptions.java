package dev.tandem.emulator.dynamics;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The query options of one request, decoded, in the order the client sent them. */
final class QueryOptions {
  private final Map<String, String> options = new LinkedHashMap<>();

  QueryOptions(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = decode(eq < 0 ? part : part.substring(0, eq));
      String v = eq < 0 ? "" : decode(part.substring(eq + 1));
      options.put(k, v);
    }
  }

  String get(String name) {
    return options.get(name);
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  /** The options again as a query string, leaving out the named ones. */
  String encodeWithout(String... names) {
    StringBuilder sb = new StringBuilder();
    outer:
    for (Map.Entry<String, String> e : options.entrySet()) {
      for (String n : names) {
        if (n.equals(e.getKey())) {
          continue outer;
        }
      }
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(e.getKey()).append('=').append(encode(e.getValue()));
    }
    return sb.toString();
  }

  static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Percent-encodes a value; spaces become {@code %20} as Dataverse writes them. */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The value of {@code attr="…"} inside a paging cookie, or null. */
  static String cookieAttribute(String cookie, String attr) {
    Matcher m = Pattern.compile("\\b" + attr + "=\"([^\"]*)\"").matcher(cookie);
    return m.find() ? m.group(1) : null;
  }
}
