package dev.tandem.core.spi;

import java.util.Locale;
import java.util.Map;

/**
 * An incoming webhook request as the app sent it.
 *
 * @param method the HTTP method, upper case
 * @param url the full URL the app sent the request to (scheme, host, port, path, query), as the app
 *     saw it: signatures cover it
 * @param headers header names in lower case
 * @param body the raw body, exactly as received (signatures cover the bytes)
 */
public record WebhookRequest(String method, String url, Map<String, String> headers, byte[] body) {
  public WebhookRequest {
    headers = Map.copyOf(headers);
  }

  /** A header by name, any case; null when absent. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
