package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Microsoft identity platform's client-credentials token endpoint ({@code POST
 * /{tenant}/oauth2/v2.0/token}) and the check of bearer tokens on Web API requests.
 */
final class TokenService {
  /** A user of the API: who the service protection limits are counted for. */
  record Caller(String user) {}

  private final ObjectMapper json;
  private final Clock clock;
  private final String staticToken;
  private final String clientId;
  private final String clientSecret;
  private volatile Duration lifetime;
  private final Map<String, Instant> issued = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  TokenService(
      ObjectMapper json,
      Clock clock,
      String staticToken,
      String clientId,
      String clientSecret,
      Duration lifetime) {
    this.json = json;
    this.clock = clock;
    this.staticToken = staticToken;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.lifetime = lifetime;
  }

  void lifetime(Duration d) {
    this.lifetime = d;
  }

  /** Answers a token request: the status and the JSON body. */
  ApiResponse token(String tenant, String formBody) {
    Map<String, String> form = new HashMap<>();
    for (String pair : formBody.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            QueryOptions.decode(pair.substring(0, eq)),
            QueryOptions.decode(pair.substring(eq + 1)));
      }
    }
    String grant = form.get("grant_type");
    if (grant == null) {
      return aadError(
          400,
          "invalid_request",
          900144,
          "The request body must contain the following parameter: 'grant_type'.");
    }
    if (!grant.equals("client_credentials")) {
      return aadError(
          400,
          "unsupported_grant_type",
          70003,
          "The app requested an unsupported grant type '" + grant + "'.");
    }
    for (String required : new String[] {"client_id", "scope"}) {
      if (form.get(required) == null || form.get(required).isBlank()) {
        return aadError(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: '" + required + "'.");
      }
    }
    if (!form.get("client_id").equals(clientId)) {
      return aadError(
          400,
          "unauthorized_client",
          700016,
          "Application with identifier '"
              + form.get("client_id")
              + "' was not found in the directory '"
              + tenant
              + "'. This can happen if the application has not been installed by the administrator"
              + " of the tenant or consented to by any user in the tenant.");
    }
    if (!clientSecret.equals(form.get("client_secret"))) {
      return aadError(
          401,
          "invalid_client",
          7000215,
          "Invalid client secret provided. Ensure the secret being sent in the request is the"
              + " client secret value, not the client secret ID, for a secret added to app '"
              + clientId
              + "'.");
    }
    if (!form.get("scope").endsWith("/.default")) {
      return aadError(
          400,
          "invalid_scope",
          1002012,
          "The provided value for scope "
              + form.get("scope")
              + " is not valid. Client credential flows must have a scope value with /.default"
              + " suffixed to the resource identifier (application ID URI).");
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token =
        "eyJ0eXAiOiJKV1QifQ." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    issued.put(token, clock.instant().plus(lifetime));
    ObjectNode o = json.createObjectNode();
    o.put("token_type", "Bearer");
    o.put("expires_in", lifetime.toSeconds());
    o.put("ext_expires_in", lifetime.toSeconds());
    o.put("access_token", token);
    return new ApiResponse(200)
        .json(o.toString())
        .header("Content-Type", "application/json; charset=utf-8");
  }

  /** The caller of a Web API request, or a 401 when its bearer token is missing or not valid. */
  Caller authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("The request has no 'Authorization: Bearer <token>' header.");
    }
    String token = authorization.substring(7).trim();
    if (staticToken != null && token.equals(staticToken)) {
      return new Caller("static-token");
    }
    Instant expires = issued.get(token);
    if (expires == null) {
      throw unauthorized("The access token is not valid.");
    }
    if (!clock.instant().isBefore(expires)) {
      issued.remove(token);
      throw unauthorized("The access token has expired.");
    }
    return new Caller(clientId);
  }

  /** Test hook: every token issued so far stops working. */
  void revokeAll() {
    issued.clear();
  }

  private static DataverseError unauthorized(String message) {
    return new DataverseError(401, DataverseError.UNAUTHORIZED, message);
  }

  private ApiResponse aadError(int status, String error, int code, String description) {
    ObjectNode o = json.createObjectNode();
    String trace = UUID.randomUUID().toString();
    o.put("error", error);
    o.put("error_description", "AADSTS" + code + ": " + description + " Trace ID: " + trace);
    o.putArray("error_codes").add(code);
    o.put("timestamp", clock.instant().toString());
    o.put("trace_id", trace);
    o.put("correlation_id", UUID.randomUUID().toString());
    return new ApiResponse(status)
        .json(o.toString())
        .header("Content-Type", "application/json; charset=utf-8");
  }
}
