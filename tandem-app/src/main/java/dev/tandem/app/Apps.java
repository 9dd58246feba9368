package dev.tandem.app;

import dev.tandem.core.spi.ConnectorFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The app types this build has a connector for, found with {@link ServiceLoader}. */
public final class Apps {
  private final Map<String, ConnectorFactory> factories = new TreeMap<>();

  public Apps() {
    for (ConnectorFactory f : ServiceLoader.load(ConnectorFactory.class)) {
      factories.put(f.type(), f);
    }
  }

  public Map<String, ConnectorFactory> factories() {
    return factories;
  }

  public ConnectorFactory factory(String type) {
    ConnectorFactory f = factories.get(type);
    if (f == null) {
      throw new IllegalArgumentException("no connector for app type '" + type + "'");
    }
    return f;
  }
}
