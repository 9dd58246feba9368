package dev.tandem.emulator.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Benchmarks run 20,000 contacts through the emulator: seeding, listing and search stay fast. */
class ScaleTest {
  @Test
  void twentyThousandContactsSeedListAndSearchQuickly() {
    long t0 = System.nanoTime();
    try (HubSpotEmulator hs =
        HubSpotEmulator.builder()
            .contacts(20_000)
            .companies(2_000)
            .searchPerSecond(1000)
            .rateLimit(100_000)
            .build()
            .start()) {
      long seededMs = (System.nanoTime() - t0) / 1_000_000;
      Http http = new Http(hs.baseUrl(), hs.token());
      long t1 = System.nanoTime();
      String after = null;
      int total = 0;
      do {
        Http.Res r =
            http.get(
                "/crm/v3/objects/contacts?limit=100" + (after == null ? "" : "&after=" + after));
        total += r.body().get("results").size();
        after = r.body().at("/paging/next/after").asText(null);
      } while (after != null);
      long listMs = (System.nanoTime() - t1) / 1_000_000;
      assertThat(total).isEqualTo(20_000);
      long t2 = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        Http.Res r =
            http.post(
                "/crm/v3/objects/contacts/search",
                Map.of(
                    "filterGroups",
                    List.of(
                        Map.of(
                            "filters",
                            List.of(
                                Map.of(
                                    "propertyName",
                                    "lastmodifieddate",
                                    "operator",
                                    "GTE",
                                    "value",
                                    "0")))),
                    "sorts",
                    List.of(Map.of("propertyName", "lastmodifieddate", "direction", "ASCENDING")),
                    "limit",
                    200,
                    "after",
                    Integer.toString(i * 200)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("total").asInt()).isEqualTo(20_000);
      }
      long searchMs = (System.nanoTime() - t2) / 10 / 1_000_000;
      System.out.printf(
          "seed %d ms, list 200 pages %d ms, search %d ms each%n", seededMs, listMs, searchMs);
      assertThat(seededMs).isLessThan(30_000);
      assertThat(listMs).isLessThan(60_000);
      assertThat(searchMs).isLessThan(3_000);
    }
  }
}
