package dev.tandem.emulator.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** JSON and timestamp helpers shared by the emulator's classes. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  static JsonNode read(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.validation("Invalid input JSON : No content to map due to end-of-input");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.validation(
          "Invalid input JSON on line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    }
  }

  /** HubSpot's timestamp format: ISO-8601 UTC with milliseconds, e.g. 2019-10-30T03:30:17.883Z. */
  static String iso(long epochMs) {
    Instant i = Instant.ofEpochMilli(epochMs).truncatedTo(ChronoUnit.MILLIS);
    String s = i.toString();
    // Instant.toString drops a zero millisecond part; HubSpot always prints three digits.
    if (i.getNano() == 0) {
      s = s.substring(0, s.length() - 1) + ".000Z";
    }
    return s;
  }
}
