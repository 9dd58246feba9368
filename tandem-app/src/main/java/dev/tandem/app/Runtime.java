package dev.tandem.app;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.engine.CallMeter;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.SyncEngine;
import dev.tandem.engine.config.ConfigError;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a loaded config needs to run: the store, one connector per app (each with the meter
 * its API calls are counted on) and the connections. Creating it makes no API call; closing it
 * closes the connectors and the store.
 */
public final class Runtime implements AutoCloseable {
  private final TandemConfig config;
  private final StateStore store;
  private final Map<String, Connector> connectors = new LinkedHashMap<>();
  private final Map<String, CallMeter> meters = new LinkedHashMap<>();
  private final Clock clock;

  public Runtime(TandemConfig config, Apps apps, Clock clock) {
    this.config = config;
    this.clock = clock;
    for (AccountConfig account : config.apps().values()) {
      CallMeter meter = new CallMeter();
      try {
        Connector c =
            apps.factory(account.type())
                .create(account, new ConnectorContext(meter, clock, config.baseDir()));
        connectors.put(account.name(), c);
        meters.put(account.name(), meter);
      } catch (ConfigException e) {
        closeConnectors();
        throw new ConfigError(config.file(), 0, e.getMessage());
      }
    }
    this.store = openStore(config.store());
  }

  private StateStore openStore(TandemConfig.Store s) {
    try {
      return "postgres".equals(s.type())
          ? StateStores.postgres(s.url(), s.user(), s.password())
          : StateStores.sqlite(s.path());
    } catch (ConfigException e) {
      closeConnectors();
      throw new ConfigError(config.file(), 0, e.getMessage());
    }
  }

  public TandemConfig config() {
    return config;
  }

  public StateStore store() {
    return store;
  }

  public SyncEngine engine() {
    return new SyncEngine(store, clock);
  }

  /** The connections, or only the named one. */
  public List<SyncConnection> connections(String only) {
    List<SyncConnection> out = new ArrayList<>();
    for (TandemConfig.Connection c : config.connections()) {
      if (only != null && !only.equals(c.name())) {
        continue;
      }
      out.add(
          new SyncConnection(
              c.name(),
              connectors.get(c.a()),
              meters.get(c.a()),
              connectors.get(c.b()),
              meters.get(c.b()),
              c.objects()));
    }
    if (only != null && out.isEmpty()) {
      throw new ConfigError(
          config.file(),
          0,
          "no connection named '"
              + only
              + "' (connections: "
              + String.join(
                  ", ", config.connections().stream().map(TandemConfig.Connection::name).toList())
              + ")");
    }
    return out;
  }

  private void closeConnectors() {
    connectors.values().forEach(Connector::close);
  }

  @Override
  public void close() {
    closeConnectors();
    if (store != null) {
      store.close();
    }
  }
}
