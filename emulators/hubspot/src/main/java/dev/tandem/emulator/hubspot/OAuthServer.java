package dev.tandem.emulator.hubspot;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HubSpot's OAuth token endpoint: authorization codes and refresh tokens exchanged for access
 * tokens. Each refresh issues a new refresh token and retires the old one (rotation).
 */
final class OAuthServer {
  private final String clientId;
  private final String clientSecret;
  private final long expiresInSeconds;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Long> accessTokens = new HashMap<>();
  private final Map<String, Boolean> refreshTokens = new HashMap<>();
  private final Map<String, String> codes = new HashMap<>();

  OAuthServer(String clientId, String clientSecret, String refreshToken, long expiresInSeconds) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.expiresInSeconds = expiresInSeconds;
    if (refreshToken != null) {
      refreshTokens.put(refreshToken, true);
    }
  }

  String clientId() {
    return clientId;
  }

  /** Issues an authorization code for a redirect URI, as the consent screen would. */
  synchronized String issueCode(String redirectUri) {
    String code = token("code");
    codes.put(code, redirectUri == null ? "" : redirectUri);
    return code;
  }

  /** Answers a token request; throws a 400 with HubSpot's OAuth error body when it is refused. */
  synchronized Map<String, Object> token(Map<String, String> form, long nowMs) {
    if (!clientId.equals(form.get("client_id"))) {
      throw oauthError("BAD_CLIENT_ID", "missing or unknown client id");
    }
    if (clientSecret == null || !clientSecret.equals(form.get("client_secret"))) {
      throw oauthError("BAD_CLIENT_SECRET", "missing or invalid client secret");
    }
    String grant = form.getOrDefault("grant_type", "");
    switch (grant) {
      case "refresh_token" -> {
        String rt = form.get("refresh_token");
        if (rt == null || refreshTokens.remove(rt) == null) {
          throw oauthError("BAD_REFRESH_TOKEN", "missing or invalid refresh token");
        }
      }
      case "authorization_code" -> {
        String code = form.get("code");
        String uri = code == null ? null : codes.remove(code);
        if (uri == null) {
          throw oauthError("BAD_AUTH_CODE", "missing or invalid auth code");
        }
        if (!uri.isEmpty() && !uri.equals(form.get("redirect_uri"))) {
          throw oauthError("BAD_REDIRECT_URI", "redirect_uri does not match the authorization");
        }
      }
      default ->
          throw oauthError(
              "BAD_GRANT_TYPE", "grant_type must be authorization_code or refresh_token");
    }
    String access = token("access");
    String refresh = token("refresh");
    accessTokens.put(access, nowMs + expiresInSeconds * 1000);
    refreshTokens.put(refresh, true);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "bearer");
    body.put("refresh_token", refresh);
    body.put("access_token", access);
    body.put("expires_in", expiresInSeconds);
    return body;
  }

  /**
   * Whether an access token was issued and is still valid; -1 unknown, 0 valid, else ms expired.
   */
  synchronized long expiredForMs(String access, long nowMs) {
    Long until = accessTokens.get(access);
    if (until == null) {
      return -1;
    }
    return until > nowMs ? 0 : nowMs - until;
  }

  private String token(String prefix) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return prefix + "-" + HexFormat.of().formatHex(b);
  }

  private static ApiException oauthError(String status, String message) {
    ApiException e = new ApiException(400, null, message);
    e.with("status", status);
    return e;
  }
}
