package dev.tandem.connector.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translates the stages of HubSpot's default sales pipeline to Tandem's canonical stage vocabulary
 * ({@code qualify}, {@code develop}, {@code propose}, {@code closed-won}, {@code closed-lost}) and
 * back, so deals sync with other CRMs without a value map. Stages of other pipelines (their ids are
 * account-specific) pass through unchanged.
 */
final class DealStages {
  private static final Map<String, String> TO_CANONICAL = new LinkedHashMap<>();
  private static final Map<String, String> TO_HUBSPOT = new LinkedHashMap<>();

  static {
    TO_CANONICAL.put("appointmentscheduled", "qualify");
    TO_CANONICAL.put("qualifiedtobuy", "qualify");
    TO_CANONICAL.put("presentationscheduled", "develop");
    TO_CANONICAL.put("decisionmakerboughtin", "develop");
    TO_CANONICAL.put("contractsent", "propose");
    TO_CANONICAL.put("closedwon", "closed-won");
    TO_CANONICAL.put("closedlost", "closed-lost");
    // Writing picks one stage per canonical value; reading either qualify stage gives the same
    // canonical value, so a deal already in appointmentscheduled is never rewritten.
    TO_HUBSPOT.put("qualify", "qualifiedtobuy");
    TO_HUBSPOT.put("develop", "presentationscheduled");
    TO_HUBSPOT.put("propose", "contractsent");
    TO_HUBSPOT.put("closed-won", "closedwon");
    TO_HUBSPOT.put("closed-lost", "closedlost");
  }

  private DealStages() {}

  static String toCanonical(String hubspot) {
    return hubspot == null ? null : TO_CANONICAL.getOrDefault(hubspot, hubspot);
  }

  static String toHubSpot(String canonical) {
    if (canonical == null || canonical.isBlank()) {
      return canonical;
    }
    return TO_HUBSPOT.getOrDefault(canonical.trim().toLowerCase(Locale.ROOT), canonical);
  }

  /** The schema's options: HubSpot's stage ids in canonical terms, each once. */
  static List<String> options(List<String> hubspot) {
    return hubspot.stream().map(DealStages::toCanonical).distinct().toList();
  }
}
