package dev.tandem.connector.carddav;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Creates connectors of type {@code carddav}: {@code {type: carddav, url: https://dav.example.org/,
 * username: ada, password: ${CARDDAV_PASSWORD}, addressbook: Contacts, page-size: 200}}. The URL is
 * a server, a principal or an address book; {@code addressbook} chooses one (by display name or
 * path) where discovery finds several.
 */
public final class CardDavConnectorFactory implements ConnectorFactory {
  static final int DEFAULT_PAGE_SIZE = 200;

  @Override
  public String type() {
    return "carddav";
  }

  @Override
  public Connector create(AccountConfig config, ConnectorContext context) {
    config.allowOnly(Set.of("url", "username", "password", "addressbook", "page-size"));
    String raw = config.require("url").strip();
    URI url;
    try {
      url = new URI(raw);
    } catch (URISyntaxException e) {
      throw new ConfigException(prefix(config) + "'url' is not a URL: " + e.getMessage());
    }
    if (url.getScheme() == null
        || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
        || url.getHost() == null) {
      throw new ConfigException(
          prefix(config) + "'url' must be an http:// or https:// URL, not '" + raw + "'");
    }
    if (url.getRawPath() == null || url.getRawPath().isEmpty()) {
      url = url.resolve("/");
    }
    String username = config.require("username");
    String password = config.require("password");
    int pageSize = pageSize(config);
    return new CardDavConnector(
        url,
        config.get("addressbook", null),
        new DavClient(username, password, context.meter()),
        pageSize);
  }

  private static int pageSize(AccountConfig config) {
    String raw = config.get("page-size", null);
    if (raw == null) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      int v = Integer.parseInt(raw.trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        prefix(config) + "'page-size' must be a positive whole number, not '" + raw + "'");
  }

  private static String prefix(AccountConfig config) {
    return "app '" + config.name() + "' (" + config.type() + "): ";
  }
}
