package dev.tandem.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The dashboard's URLs, with ids percent-encoded so any connection name makes a safe link. */
public final class Paths {
  public static final String ASSETS = "/assets";
  public static final String LOGIN = "/login";
  public static final String LOGOUT = "/logout";
  public static final String CONNECTIONS = "/connections";

  private Paths() {}

  public static String connection(String id) {
    return CONNECTIONS + "/" + encode(id);
  }

  public static String health(String id) {
    return connection(id) + "/health";
  }

  public static String health(String id, String type, String state) {
    return health(id)
        + "?type="
        + encode(type)
        + (state == null || state.isEmpty() ? "" : "&state=" + encode(state));
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
