package dev.tandem.server.web;

import java.util.List;

/**
 * The workspace's accounts (configured app instances) and the form to add one.
 *
 * @param types the app types an account can have
 * @param draft the form's values after a refusal (so nothing typed is lost), never the credentials
 * @param error why the last change was refused, or null
 * @param notice a confirmation, or null
 */
public record AccountsPage(
    Chrome chrome, List<Row> rows, List<App> types, Draft draft, String error, String notice) {

  /**
   * An app type an account can have.
   *
   * @param credentials its settings that hold credentials, joined with ", " (empty for none)
   */
  public record App(String type, String credentials) {}

  /**
   * One account.
   *
   * @param settings its settings as {@code key: value}, credentials masked
   */
  public record Row(String name, String type, List<String> settings) {}

  /** The new-account form. */
  public record Draft(String name, String type, String settings) {
    public static final Draft EMPTY = new Draft("", "", "");
  }
}
