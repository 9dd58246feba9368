package dev.tandem.server.web;

import dev.tandem.server.auth.Auth;

/**
 * What the frame around every page needs.
 *
 * @param title the page title
 * @param user the logged-in user's name (null on the login page)
 * @param workspace the user's workspace (null on the login page)
 * @param csrfToken the session's CSRF token: a hidden field in forms, a header on htmx requests
 * @param nav which top-level section is current ({@code connections}, or empty)
 */
public record Chrome(String title, String user, String workspace, String csrfToken, String nav) {

  /** The form field the CSRF token is posted in. */
  public static final String CSRF_FIELD = Auth.CSRF_FIELD;

  /** The header htmx sends the CSRF token in. */
  public static final String CSRF_HEADER = Auth.CSRF_HEADER;

  public String csrfField() {
    return CSRF_FIELD;
  }

  /** The {@code hx-headers} value that makes every htmx request carry the token. */
  public String htmxHeaders() {
    return "{\"" + CSRF_HEADER + "\": \"" + jsonEscape(csrfToken == null ? "" : csrfToken) + "\"}";
  }

  private static String jsonEscape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
