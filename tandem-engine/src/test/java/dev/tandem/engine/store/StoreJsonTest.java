package dev.tandem.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.model.Record;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written JSON of records and snapshots: valid JSON, and it reads back what it wrote. */
class StoreJsonTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final String ALPHABET = "aZ09 \"\\/\n\r\t\b\f\u0000\u001f\u007fé山🚀{}[]:,'";

  private static String randomString(Random random) {
    int[] codePoints = ALPHABET.codePoints().toArray();
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      s.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return s.toString();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomRecordsRoundTripAsValidJson(long seed) throws Exception {
    Random random = new Random(seed);
    for (int n = 0; n < 200; n++) {
      Map<String, String> fields = new LinkedHashMap<>();
      int count = random.nextInt(6);
      for (int i = 0; i < count; i++) {
        fields.put(randomString(random), "v" + randomString(random));
      }
      Instant modified =
          switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 ->
                Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L) - 1_000_000_000_000L);
            default ->
                Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
          };
      Record record =
          new Record(
              "id" + randomString(random),
              fields,
              modified,
              random.nextBoolean() ? null : randomString(random));

      String json = StoreJson.record(record);

      assertThat(StoreJson.record(json)).isEqualTo(record);
      Map<String, Object> parsed = JACKSON.readValue(json, new TypeReference<>() {});
      assertThat(parsed.get("i")).isEqualTo(record.id());
      assertThat(parsed.get("f")).isEqualTo(record.fields());

      String snapshot = StoreJson.stringMap(fields);
      assertThat(StoreJson.stringMap(snapshot)).isEqualTo(fields);
      assertThat(JACKSON.readValue(snapshot, new TypeReference<Map<String, String>>() {}))
          .isEqualTo(fields);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void randomCountsAndChangesRoundTripAsJacksonReadsThem(long seed) throws Exception {
    Random random = new Random(seed);
    for (int n = 0; n < 200; n++) {
      Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        Map<String, Long> inner = new LinkedHashMap<>();
        for (int j = random.nextInt(5); j > 0; j--) {
          inner.put(randomString(random), random.nextLong() >> random.nextInt(64));
        }
        counts.put(randomString(random), inner);
      }
      Map<String, java.util.List<String>> changes = new LinkedHashMap<>();
      for (int i = random.nextInt(5); i > 0; i--) {
        changes.put(
            randomString(random),
            java.util.Arrays.asList(
                random.nextBoolean() ? null : randomString(random), randomString(random)));
      }

      String countsJson = StoreJson.counts(counts);
      String changesJson = StoreJson.changes(changes);

      assertThat(StoreJson.counts(countsJson)).isEqualTo(counts);
      assertThat(StoreJson.changes(changesJson)).isEqualTo(changes);
      assertThat(
              JACKSON.readValue(countsJson, new TypeReference<Map<String, Map<String, Long>>>() {}))
          .isEqualTo(counts);
      assertThat(
              JACKSON.readValue(
                  changesJson, new TypeReference<Map<String, java.util.List<String>>>() {}))
          .isEqualTo(changes);
      // What an earlier version wrote through Jackson reads the same.
      assertThat(StoreJson.counts(JACKSON.writeValueAsString(counts))).isEqualTo(counts);
      assertThat(StoreJson.changes(JACKSON.writeValueAsString(changes))).isEqualTo(changes);
    }
    assertThat(StoreJson.counts((Map<String, Map<String, Long>>) null)).isNull();
    assertThat(StoreJson.counts((String) null)).isEmpty();
    assertThat(StoreJson.changes("null")).isNull();
    assertThat(StoreJson.changes(" { \"phone\" : [ null , \"+1 555\" ] } "))
        .containsEntry("phone", java.util.Arrays.asList(null, "+1 555"));
  }

  @Test
  void readsJsonWrittenByOtherTools() {
    assertThat(StoreJson.stringMap(" { \"a\" : \"x\\u00e9\\/\" , \"b\":null } "))
        .containsEntry("a", "xé/")
        .containsEntry("b", null);
    assertThat(StoreJson.record("{\"i\":\"1\",\"f\":{},\"m\":-5,\"v\":null}"))
        .isEqualTo(new Record("1", Map.of(), Instant.ofEpochMilli(-5), null));
  }

  @Test
  void damagedJsonIsReportedWithTheText() {
    assertThatThrownBy(() -> StoreJson.stringMap("{\"a\":\"x\""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unreadable JSON")
        .hasMessageContaining("{\"a\":\"x\"");
    assertThatThrownBy(() -> StoreJson.record("{\"i\":\"1\",\"q\":1}"))
        .hasMessageContaining("unknown key q");
  }
}
