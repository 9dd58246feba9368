package dev.tandem.emulator.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {
  DynamicsEmulator emu;
  Http anonymous = new Http(null);

  @BeforeEach
  void start() {
    emu =
        new DynamicsEmulator(new DynamicsEmulator.Options().token(null).seedData(1, 2, 0, 1))
            .start();
  }

  @AfterEach
  void stop() {
    emu.stop();
  }

  Http.Response token(String form) {
    return anonymous.send(
        "POST", emu.tokenUrl(), form, "Content-Type", "application/x-www-form-urlencoded");
  }

  @Test
  void clientCredentialsGiveABearerTokenTheApiAccepts() {
    Http.Response r =
        token(
            "grant_type=client_credentials&client_id=tandem-client&client_secret=tandem-secret"
                + "&scope="
                + Http.q("https://org.crm.dynamics.com/.default"));
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").asInt()).isEqualTo(3599);
    String access = body.get("access_token").asText();
    assertThat(new Http(access).get(emu.baseUrl() + "/contacts").status()).isEqualTo(200);
    emu.revokeAccessTokens();
    assertThat(new Http(access).get(emu.baseUrl() + "/contacts").status()).isEqualTo(401);
  }

  @Test
  void aWrongSecretGetsTheIdentityPlatformError() {
    Http.Response r =
        token(
            "grant_type=client_credentials&client_id=tandem-client&client_secret=nope&scope=x/.default");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
    assertThat(r.json().get("error_description").asText())
        .startsWith("AADSTS7000215: Invalid client secret");

    Http.Response unknown =
        token("grant_type=client_credentials&client_id=who&client_secret=x&scope=x/.default");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("error").asText()).isEqualTo("unauthorized_client");

    Http.Response badScope =
        token(
            "grant_type=client_credentials&client_id=tandem-client&client_secret=tandem-secret&scope=x");
    assertThat(badScope.json().get("error").asText()).isEqualTo("invalid_scope");
  }
}
