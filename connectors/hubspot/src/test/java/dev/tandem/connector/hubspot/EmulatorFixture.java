package dev.tandem.connector.hubspot;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** One emulator per test class, reset between tests; connectors reach it over HTTP only. */
final class EmulatorFixture {
  private static HubSpotEmulator shared;

  private EmulatorFixture() {}

  static synchronized HubSpotEmulator shared() {
    if (shared == null) {
      shared = HubSpotEmulator.builder().rateLimit(190).searchPerSecond(1000).build().start();
    }
    return shared;
  }

  static HubSpotConnector connector(
      HubSpotEmulator hs, ConnectorContext context, Map<String, Object> extra) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("url", hs.baseUrl());
    settings.put("token", hs.token());
    settings.put("rate-limit", "190");
    settings.putAll(extra);
    return (HubSpotConnector)
        new HubSpotConnectorFactory()
            .create(new AccountConfig("crm", "hubspot", settings), context);
  }

  /** Calls the emulator's test-only control API. */
  static String control(HubSpotEmulator hs, String path, String json) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(hs.baseUrl() + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      HttpResponse<String> r =
          HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
