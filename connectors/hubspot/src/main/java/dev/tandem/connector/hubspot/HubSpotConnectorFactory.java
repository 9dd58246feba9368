package dev.tandem.connector.hubspot;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorFactory;

/**
 * The {@code hubspot} app: {@code {type: hubspot, token: …}} for a private app, or {@code
 * client-id}, {@code client-secret} and {@code refresh-token} for OAuth; optional {@code url}
 * (default https://api.hubapi.com), {@code rate-limit} (requests per 10 s, default 100) and {@code
 * page-size} (default 100). With a {@code client-secret} (a private app's too), the connector also
 * receives the app's webhooks, verifying their v3 signatures.
 */
public final class HubSpotConnectorFactory implements ConnectorFactory {
  @Override
  public String type() {
    return "hubspot";
  }

  @Override
  public Connector create(AccountConfig config, ConnectorContext context) {
    HubSpotSettings settings = HubSpotSettings.from(config);
    // The client secret (of a private or a public app) also signs the app's webhooks.
    java.util.Optional<dev.tandem.core.spi.WebhookReceiver> webhooks =
        settings.clientSecret() == null
            ? java.util.Optional.empty()
            : java.util.Optional.of(
                new HubSpotWebhookReceiver(
                    new HubSpotWebhooks(settings.clientSecret(), context.clock())));
    return new HubSpotConnector(
        new HubSpotClient(settings, context), settings.pageSize(), webhooks);
  }
}
