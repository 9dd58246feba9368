package dev.tandem.connector.vcard;

import static org.assertj.core.api.Assertions.assertThat;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random field values (with the characters vCard must escape) survive a create, a write, a
 * parse, and a sequence of updates, in vCard 3.0 and 4.0.
 */
class CardRoundTripTest {
  private static final String[] PIECES = {
    "Ada", "Zoë", "李", "🎉", ";", ",", "\\", ":", "\"", "O'Brien", "a b", "x=y", "Ünï", "-", "é"
  };
  private static final List<String> TEXT_FIELDS =
      List.of(
          "fullName",
          "firstName",
          "lastName",
          "company",
          "jobTitle",
          "street",
          "city",
          "postalCode",
          "region",
          "country",
          "notes");

  static Stream<Arguments> seeds() {
    List<Arguments> out = new ArrayList<>();
    for (long seed = 1; seed <= 40; seed++) {
      out.add(Arguments.of(seed, seed % 2 == 0 ? VCardVersion.V3_0 : VCardVersion.V4_0));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "seed {0}, vCard {1}")
  @MethodSource("seeds")
  void randomValuesSurviveCreateAndUpdates(long seed, VCardVersion version) throws Exception {
    Random rnd = new Random(seed);
    Map<String, String> expected = new LinkedHashMap<>(randomFields(rnd));
    VCard card = CardMapping.newCard(expected, "uid-" + seed, version);
    card = CardParser.parse(CardMapping.write(card));
    assertThat(CardMapping.fields(card)).as("after create").isEqualTo(normalised(expected, card));

    for (int step = 0; step < 5; step++) {
      Map<String, String> change = new LinkedHashMap<>();
      for (String f : pick(rnd, 3)) {
        change.put(f, rnd.nextInt(4) == 0 ? "" : value(rnd, f));
      }
      CardMapping.apply(card, change);
      card = CardParser.parse(CardMapping.write(card));
      change.forEach(
          (k, v) -> {
            if (v.isEmpty()) {
              expected.remove(k);
            } else {
              expected.put(k, v);
            }
          });
      Map<String, String> actual = CardMapping.fields(card);
      Map<String, String> want = normalised(expected, card);
      assertThat(actual).as("after update %d: %s", step, change).isEqualTo(want);
      assertThat(card.getUid().getValue()).isEqualTo("uid-" + seed);
      assertThat(card.getVersion()).isEqualTo(version);
    }
  }

  /** FN is derived when absent; tags are sorted and deduplicated. */
  private static Map<String, String> normalised(Map<String, String> fields, VCard card) {
    Map<String, String> out = new LinkedHashMap<>(fields);
    out.put("fullName", card.getFormattedName().getValue());
    if (out.containsKey("tags")) {
      TreeSet<String> tags = new TreeSet<>();
      for (String t : out.get("tags").split(";")) {
        if (!t.isBlank()) {
          tags.add(t.strip());
        }
      }
      out.put("tags", String.join(";", tags));
    }
    return out;
  }

  private static Map<String, String> randomFields(Random rnd) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String name : pick(rnd, 8)) {
      f.put(name, value(rnd, name));
    }
    return f;
  }

  private static List<String> pick(Random rnd, int n) {
    List<String> all = new ArrayList<>(TEXT_FIELDS);
    all.addAll(List.of("email", "phone", "mobilePhone", "website", "birthday", "tags"));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String f = all.get(rnd.nextInt(all.size()));
      if (!out.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private static String value(Random rnd, String field) {
    return switch (field) {
      case "email" -> "p" + rnd.nextInt(100000) + "@example.org";
      case "phone", "mobilePhone" -> "+1 555 " + (1000000 + rnd.nextInt(8999999));
      case "website" -> "https://example.org/" + rnd.nextInt(1000);
      case "birthday" ->
          LocalDate.of(1900 + rnd.nextInt(120), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28))
              .toString();
      case "tags" -> "t" + rnd.nextInt(5) + ";t" + rnd.nextInt(5);
      default -> {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
          sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        String v = sb.toString().strip();
        yield v.isEmpty() ? "x" : v;
      }
    };
  }
}
