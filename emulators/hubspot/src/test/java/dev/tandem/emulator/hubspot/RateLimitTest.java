package dev.tandem.emulator.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ten-secondly, daily and search limits, with HubSpot's headers and 429 bodies. */
class RateLimitTest {

  @Test
  void responsesCarryRateLimitHeadersAndTheTenSecondLimitAnswers429() {
    try (HubSpotEmulator hs = HubSpotEmulator.builder().rateLimit(5).build().start()) {
      Http http = new Http(hs.baseUrl(), hs.token());
      for (int i = 0; i < 5; i++) {
        Http.Res r = http.get("/crm/v3/objects/contacts");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-HubSpot-RateLimit-Max")).isEqualTo("5");
        assertThat(r.header("X-HubSpot-RateLimit-Remaining")).isEqualTo(Integer.toString(4 - i));
        assertThat(r.header("X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        assertThat(r.header("X-HubSpot-RateLimit-Daily")).isEqualTo("250000");
        assertThat(r.header("X-HubSpot-RateLimit-Daily-Remaining"))
            .isEqualTo(Integer.toString(249_999 - i));
      }
      Http.Res limited = http.get("/crm/v3/objects/contacts");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.body().get("status").asText()).isEqualTo("error");
      assertThat(limited.body().get("errorType").asText()).isEqualTo("RATE_LIMIT");
      assertThat(limited.body().get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
      assertThat(limited.body().get("correlationId").asText()).isNotBlank();
    }
  }

  @Test
  void theDailyLimitAnswers429WithPolicyDaily() {
    try (HubSpotEmulator hs = HubSpotEmulator.builder().dailyLimit(3).build().start()) {
      Http http = new Http(hs.baseUrl(), hs.token());
      for (int i = 0; i < 3; i++) {
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
      }
      Http.Res limited = http.get("/crm/v3/objects/contacts");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.body().get("policyName").asText()).isEqualTo("DAILY");
      assertThat(limited.body().get("message").asText())
          .isEqualTo("You have reached your daily limit.");
    }
  }

  @Test
  void theSixthSearchWithinOneSecondIs429AndSearchHasNoRateLimitHeaders() {
    try (HubSpotEmulator hs = HubSpotEmulator.builder().build().start()) {
      Http http = new Http(hs.baseUrl(), hs.token());
      long start = System.nanoTime();
      int ok = 0;
      Http.Res last = null;
      for (int i = 0; i < 6; i++) {
        last = http.post("/crm/v3/objects/contacts/search", Map.of("limit", 1));
        if (last.status() == 200) {
          ok++;
          assertThat(last.header("X-HubSpot-RateLimit-Remaining")).isNull();
        }
      }
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      if (elapsedMs < 1000) {
        assertThat(ok).isEqualTo(5);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.body().get("errorType").asText()).isEqualTo("RATE_LIMIT");
      }
      assertThat(elapsedMs)
          .as("six searches must fit in one second for this test")
          .isLessThan(1000);
    }
  }
}
