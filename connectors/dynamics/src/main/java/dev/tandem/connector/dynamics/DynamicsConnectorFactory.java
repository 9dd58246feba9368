package dev.tandem.connector.dynamics;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorFactory;

/** Creates connectors for Microsoft Dynamics 365 (the Dataverse Web API): type {@code dynamics}. */
public final class DynamicsConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "dynamics";
  }

  @Override
  public Connector create(AccountConfig config, ConnectorContext context) {
    return new DynamicsConnector(config.name(), DynamicsSettings.from(config), context);
  }
}
