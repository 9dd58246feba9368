package dev.tandem.server.web;

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
  public static final String CSRF_FIELD = "_csrf";

  /** The header htmx sends the CSRF token in. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  public String csrfField() {
    return CSRF_FIELD;
  }

  /** The {@code hx-headers} value that makes every htmx request carry the token. */
  public String htmxHeaders() {
    return "{\"" + CSRF_HEADER + "\": \"" + Json.escape(csrfToken == null ? "" : csrfToken) + "\"}";
  }
}
