package dev.tandem.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The dashboard's URLs, with ids percent-encoded so any connection name makes a safe link. */
public final class Paths {
  public static final String ASSETS = "/assets";
  public static final String LOGIN = "/login";
  public static final String LOGOUT = "/logout";
  public static final String CONNECTIONS = "/connections";
  public static final String TOKENS = "/tokens";
  public static final String ACCOUNTS = "/accounts";

  /** Not under /connections, where any name is a connection's. */
  public static final String NEW_CONNECTION = "/new-connection";

  private Paths() {}

  public static String connection(String id) {
    return CONNECTIONS + "/" + encode(id);
  }

  public static String health(String id) {
    return connection(id) + "/health";
  }

  /** The health page filtered by object type and state (empty or null: no filter). */
  public static String health(String id, String type, String state) {
    StringBuilder q = new StringBuilder();
    if (type != null && !type.isEmpty()) {
      q.append("type=").append(encode(type));
    }
    if (state != null && !state.isEmpty()) {
      q.append(q.length() == 0 ? "" : "&").append("state=").append(encode(state));
    }
    return health(id) + (q.length() == 0 ? "" : "?" + q);
  }

  public static String activity(String id) {
    return connection(id) + "/activity";
  }

  public static String runs(String id) {
    return connection(id) + "/runs";
  }

  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
