package dev.tandem.connector.hubspot;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorFactory;

/**
 * The {@code hubspot} app: {@code {type: hubspot, token: …}} for a private app, or {@code
 * client-id}, {@code client-secret} and {@code refresh-token} for OAuth; optional {@code url}
 * (default https://api.hubapi.com), {@code rate-limit} (requests per 10 s, default 100) and {@code
 * page-size} (default 100).
 */
public final class HubSpotConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "hubspot";
  }

  @Override
  public Connector create(AccountConfig config, ConnectorContext context) {
    HubSpotSettings settings = HubSpotSettings.from(config);
    return new HubSpotConnector(new HubSpotClient(settings, context), settings.pageSize());
  }
}
