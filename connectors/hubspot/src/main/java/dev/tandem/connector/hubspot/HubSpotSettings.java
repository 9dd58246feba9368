package dev.tandem.connector.hubspot;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import java.net.URI;
import java.util.Set;

/**
 * A HubSpot account's settings: the API base URL, and either a private-app token or an OAuth client
 * with a refresh token; the client secret also verifies webhook signatures.
 */
record HubSpotSettings(
    String url,
    String token,
    String clientId,
    String clientSecret,
    String refreshToken,
    int rateLimit,
    int pageSize) {

  static final String DEFAULT_URL = "https://api.hubapi.com";
  static final Set<String> KEYS =
      Set.of(
          "url", "token", "client-id", "client-secret", "refresh-token", "rate-limit", "page-size");

  static HubSpotSettings from(AccountConfig config) {
    config.allowOnly(KEYS);
    String where = "app '" + config.name() + "' (hubspot): ";
    String url = config.get("url", DEFAULT_URL).trim();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    try {
      URI u = URI.create(url);
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          where + "'url' must be an http(s) URL like " + DEFAULT_URL + ", not '" + url + "'");
    }
    String token = blankToNull(config.get("token", null));
    String clientId = blankToNull(config.get("client-id", null));
    String secret = blankToNull(config.get("client-secret", null));
    String refresh = blankToNull(config.get("refresh-token", null));
    if (token == null) {
      if (clientId == null && secret == null && refresh == null) {
        throw new ConfigException(
            where
                + "needs 'token' (a private app's access token) or OAuth 'client-id', 'client-secret' and 'refresh-token'");
      }
      for (String[] kv :
          new String[][] {
            {"client-id", clientId}, {"client-secret", secret}, {"refresh-token", refresh}
          }) {
        if (kv[1] == null) {
          throw new ConfigException(where + "OAuth needs '" + kv[0] + "' as well (or use 'token')");
        }
      }
    }
    int rate = positiveInt(config, where, "rate-limit", 100, 10_000);
    int page = positiveInt(config, where, "page-size", 100, 100);
    return new HubSpotSettings(url, token, clientId, secret, refresh, rate, page);
  }

  private static int positiveInt(
      AccountConfig config, String where, String key, int fallback, int max) {
    String v = config.get(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(
          where + "'" + key + "' must be a whole number from 1 to " + max + ", not '" + v + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  boolean oauth() {
    return token == null;
  }
}
