package dev.tandem.core.spi;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One account's settings as written in the config, e.g. {@code {type: csv, path: ./left.csv}}.
 *
 * @param name the account's name in the config
 * @param type the app type
 * @param settings every key but {@code type}, with {@code ${ENV}} already substituted
 */
public record AccountConfig(String name, String type, Map<String, Object> settings) {
  public AccountConfig {
    settings = Map.copyOf(settings);
  }

  /** A required string setting; throws {@link ConfigException} naming the account and key. */
  public String require(String key) {
    Object v = settings.get(key);
    if (v == null || v.toString().isBlank()) {
      throw new ConfigException("app '" + name + "' (" + type + "): missing '" + key + "'");
    }
    return v.toString();
  }

  public String get(String key, String fallback) {
    Object v = settings.get(key);
    return v == null ? fallback : v.toString();
  }

  /** Throws {@link ConfigException} for a key the connector does not know. */
  public void allowOnly(Set<String> known) {
    for (String key : settings.keySet()) {
      if (!known.contains(key)) {
        throw new ConfigException(
            "app '"
                + name
                + "' ("
                + type
                + "): unknown key '"
                + key
                + "'; known keys: "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
  }
}
