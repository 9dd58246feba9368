package dev.tandem.core.spi;

/**
 * Creates connectors of one app type. Implementations are found with {@link
 * java.util.ServiceLoader} (list them in {@code
 * META-INF/services/dev.tandem.core.spi.ConnectorFactory}).
 */
public interface ConnectorFactory {
  /** The app type as written in config: {@code csv}, {@code memory}, {@code hubspot}, … */
  String type();

  /**
   * Checks the settings and creates a connector. Makes no API call, so that a bad config is
   * reported before any sync starts.
   *
   * @throws ConfigException for an unknown key, a missing or bad value
   */
  Connector create(AccountConfig config, ConnectorContext context);

  /**
   * The settings keys that hold credentials (tokens, passwords, client secrets). The server
   * encrypts them at rest and never returns them; everything else is shown as written.
   */
  default java.util.Set<String> secretKeys() {
    return java.util.Set.of(
        "token", "password", "client-secret", "refresh-token", "api-key", "secret");
  }
}
