package dev.tandem.emulator.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The OAuth token endpoint: refresh tokens rotate; authorization codes are single-use. */
class OAuthTest {
  @Test
  void refreshTokensRotateAndAccessTokensAuthenticate() {
    try (HubSpotEmulator hs = HubSpotEmulator.builder().build().start()) {
      Http anon = new Http(hs.baseUrl(), null);
      String form =
          "grant_type=refresh_token&client_id="
              + hs.clientId()
              + "&client_secret="
              + hs.clientSecret()
              + "&refresh_token="
              + hs.refreshToken();
      Http.Res r = anon.form("/oauth/v1/token", form);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("token_type").asText()).isEqualTo("bearer");
      assertThat(r.body().get("expires_in").asInt()).isEqualTo(1800);
      String access = r.body().get("access_token").asText();
      String rotated = r.body().get("refresh_token").asText();
      assertThat(rotated).isNotEqualTo(hs.refreshToken());
      assertThat(new Http(hs.baseUrl(), access).get("/crm/v3/objects/contacts").status())
          .isEqualTo(200);
      Http.Res reused = anon.form("/oauth/v1/token", form);
      assertThat(reused.status()).isEqualTo(400);
      assertThat(reused.body().get("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
      assertThat(anon.form("/oauth/v1/token", form.replace(hs.refreshToken(), rotated)).status())
          .isEqualTo(200);
      Http.Res badSecret = anon.form("/oauth/v1/token", form.replace(hs.clientSecret(), "nope"));
      assertThat(badSecret.body().get("status").asText()).isEqualTo("BAD_CLIENT_SECRET");
    }
  }

  @Test
  void authorizationCodesAreExchangedOnceForTheirRedirectUri() throws Exception {
    try (HubSpotEmulator hs = HubSpotEmulator.builder().build().start()) {
      String redirect = "http://localhost:9/callback";
      java.net.http.HttpResponse<String> consent =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              hs.baseUrl()
                                  + "/oauth/authorize?client_id="
                                  + hs.clientId()
                                  + "&redirect_uri="
                                  + redirect
                                  + "&state=xyz"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(consent.statusCode()).isEqualTo(302);
      String location = consent.headers().firstValue("Location").orElseThrow();
      assertThat(location).startsWith(redirect + "?code=").endsWith("&state=xyz");
      String code = location.substring(location.indexOf("code=") + 5, location.indexOf('&'));
      Http anon = new Http(hs.baseUrl(), null);
      String form =
          "grant_type=authorization_code&client_id="
              + hs.clientId()
              + "&client_secret="
              + hs.clientSecret()
              + "&redirect_uri="
              + redirect
              + "&code="
              + code;
      Http.Res r = anon.form("/oauth/v1/token", form);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("refresh_token").asText()).isNotBlank();
      assertThat(anon.form("/oauth/v1/token", form).body().get("status").asText())
          .isEqualTo("BAD_AUTH_CODE");
    }
  }

  @Test
  void expiredAccessTokensAre401() throws Exception {
    try (HubSpotEmulator hs = HubSpotEmulator.builder().accessTokenTtlSeconds(0).build().start()) {
      Http anon = new Http(hs.baseUrl(), null);
      String access =
          anon.form(
                  "/oauth/v1/token",
                  "grant_type=refresh_token&client_id="
                      + hs.clientId()
                      + "&client_secret="
                      + hs.clientSecret()
                      + "&refresh_token="
                      + hs.refreshToken())
              .body()
              .get("access_token")
              .asText();
      Thread.sleep(5);
      Http.Res r = new Http(hs.baseUrl(), access).get("/crm/v3/objects/contacts");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body().get("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
    }
  }
}
