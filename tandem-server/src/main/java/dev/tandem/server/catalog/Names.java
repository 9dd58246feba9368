package dev.tandem.server.catalog;

import dev.tandem.server.ServiceException;
import java.util.regex.Pattern;

/** The names people give workspaces, users, accounts and connections: safe in URLs and ids. */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private Names() {}

  /**
   * @throws ServiceException 400 naming {@code what} when {@code name} is not 1-64 letters, digits,
   *     '.', '_' or '-' starting with a letter or digit
   */
  public static String check(String name, String what) {
    if (name == null || name.isBlank()) {
      throw ServiceException.invalid(what + " is missing");
    }
    if (!NAME.matcher(name).matches()) {
      throw ServiceException.invalid(
          what
              + " '"
              + name
              + "' may only hold letters, digits, '.', '_' and '-' (at most 64, starting with a"
              + " letter or digit)");
    }
    return name;
  }
}
