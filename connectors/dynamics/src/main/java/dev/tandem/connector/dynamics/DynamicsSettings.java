package dev.tandem.connector.dynamics;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import java.net.URI;
import java.util.Set;

/**
 * The settings of a {@code dynamics} app.
 *
 * @param url the Web API service root, e.g. {@code https://org.crm.dynamics.com/api/data/v9.2}
 * @param tokenUrl the OAuth 2.0 token endpoint (client credentials), or null with a static token
 * @param clientId the app registration's client id
 * @param clientSecret its secret
 * @param scope the scope asked for, {@code <org root>/.default} by default
 * @param token a static bearer token obtained elsewhere, or null
 * @param pageSize rows per page ({@code Prefer: odata.maxpagesize}), at most 5000
 * @param batchSize operations per {@code $batch}, at most 1000
 */
record DynamicsSettings(
    String url,
    String tokenUrl,
    String clientId,
    String clientSecret,
    String scope,
    String token,
    int pageSize,
    int batchSize) {

  static final Set<String> KEYS =
      Set.of(
          "url",
          "token-url",
          "client-id",
          "client-secret",
          "scope",
          "token",
          "page-size",
          "batch-size");

  static DynamicsSettings from(AccountConfig config) {
    config.allowOnly(KEYS);
    String url = trimSlash(config.require("url"));
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw error(config, "'url' is not a valid URL: " + url);
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
        || uri.getHost() == null) {
      throw error(
          config,
          "'url' must be the Web API address, like https://yourorg.crm.dynamics.com/api/data/v9.2;"
              + " got "
              + url);
    }
    String token = blankToNull(config.get("token", null));
    String tokenUrl = blankToNull(config.get("token-url", null));
    String clientId = blankToNull(config.get("client-id", null));
    String clientSecret = blankToNull(config.get("client-secret", null));
    if (token == null) {
      if (tokenUrl == null || clientId == null || clientSecret == null) {
        throw error(
            config,
            "set either 'token' (a bearer token) or all of 'token-url', 'client-id' and"
                + " 'client-secret' (OAuth client credentials)");
      }
    } else if (tokenUrl != null || clientId != null || clientSecret != null) {
      throw error(
          config,
          "'token' and OAuth client credentials ('token-url', 'client-id', 'client-secret') are"
              + " alternatives; set only one of them");
    }
    String root = uri.getScheme() + "://" + uri.getAuthority();
    String scope = config.get("scope", root + "/.default");
    int pageSize = number(config, "page-size", 5000, 1, 5000);
    int batchSize = number(config, "batch-size", 1000, 1, 1000);
    return new DynamicsSettings(
        url, tokenUrl, clientId, clientSecret, scope, token, pageSize, batchSize);
  }

  private static int number(AccountConfig config, String key, int fallback, int min, int max) {
    String raw = config.get(key, String.valueOf(fallback)).trim();
    int n;
    try {
      n = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw error(config, "'" + key + "' must be a whole number, got '" + raw + "'");
    }
    if (n < min || n > max) {
      throw error(config, "'" + key + "' must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static ConfigException error(AccountConfig config, String what) {
    return new ConfigException("app '" + config.name() + "' (dynamics): " + what);
  }

  private static String trimSlash(String s) {
    String t = s.trim();
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
