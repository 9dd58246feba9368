package dev.tandem.server.web;

import java.util.List;

/**
 * The user's API tokens, for scripts calling the REST API with {@code Authorization: Bearer}.
 *
 * @param created a token just created, shown this once (it is stored only as a hash), or null
 * @param error why a token could not be created, or null
 */
public record TokensPage(Chrome chrome, List<Row> rows, String created, String error) {

  /** One token: never the token itself, which only its creator saw once. */
  public record Row(String id, String label, String created, String lastUsed) {}
}
