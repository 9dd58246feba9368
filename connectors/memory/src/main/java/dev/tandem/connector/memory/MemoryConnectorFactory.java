package dev.tandem.connector.memory;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorFactory;
import java.util.Set;

/**
 * Creates connectors of type {@code memory}: {@code {type: memory, name: x, page-size: 1000,
 * batch-size: 100}}. Accounts with the same {@code name} share one {@link MemoryApp} in the JVM.
 */
public final class MemoryConnectorFactory implements ConnectorFactory {
  static final int DEFAULT_PAGE_SIZE = 1000;
  static final int DEFAULT_BATCH_SIZE = 100;

  @Override
  public String type() {
    return "memory";
  }

  @Override
  public Connector create(AccountConfig config, ConnectorContext context) {
    config.allowOnly(Set.of("name", "page-size", "batch-size"));
    String name = config.require("name");
    int pageSize = positiveInt(config, "page-size", DEFAULT_PAGE_SIZE);
    int batchSize = positiveInt(config, "batch-size", DEFAULT_BATCH_SIZE);
    return new MemoryConnector(MemoryApp.named(name), context.meter(), pageSize, batchSize);
  }

  static int positiveInt(AccountConfig config, String key, int fallback) {
    String raw = config.get(key, null);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        "app '"
            + config.name()
            + "' ("
            + config.type()
            + "): '"
            + key
            + "' must be a positive whole number, not '"
            + raw
            + "'");
  }
}
