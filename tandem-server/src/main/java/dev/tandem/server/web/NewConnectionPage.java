package dev.tandem.server.web;

import java.util.List;

/**
 * The form that creates a connection between two of the workspace's accounts.
 *
 * @param accounts the accounts to choose from, as {@code name (type)} keyed by name
 * @param error why the last attempt was refused, or null
 */
public record NewConnectionPage(Chrome chrome, List<Account> accounts, Draft draft, String error) {

  /** An account to pick for a side. */
  public record Account(String name, String label) {}

  /** The form's values. */
  public record Draft(String name, String a, String b, String every, List<String> objects) {
    public static final Draft EMPTY = new Draft("", "", "", "5m", List.of("contact"));

    public boolean syncs(String type) {
      return objects.contains(type);
    }
  }

  public List<String> objectTypes() {
    return List.of("contact", "company", "deal");
  }
}
