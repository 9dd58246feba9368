package dev.tandem.connector.vcard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.schema.CanonicalFields;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CardMapping#readsBackAsMade}: where it says yes, a new card's fields as made equal those
 * read back from its written text; seeded random values of every field, with the characters vCard
 * escapes and ones it cannot carry as they are.
 */
class CardReadBackTest {
  private static final String[] PLAIN = {
    "Ada",
    "Zoë",
    "李",
    "🎉",
    ";",
    ",",
    "\\",
    "\\n",
    "\\,",
    ":",
    "\"",
    "'",
    "a b",
    "x=y",
    "é",
    " ",
    "  ",
    "-",
    "=",
    "=0D",
    "<b>",
    "https://example.org/a?b=c;d,e",
    "tel:+1",
    "@",
    ".",
  };
  private static final String[] ODD = {
    "\r", "\n", "\r\n", "\t", "\u0000", "\u0007", "\u007f", "\u0085", "\u2028", "\u2029", "\uFEFF",
    "\uD83C", "\uDF89",
  };

  @Test
  void whereItSaysYesTheWrittenCardReadsBackWithTheSameFields() throws Exception {
    Random rnd = new Random(20261127L);
    int plain = 0;
    int odd = 0;
    int oddThatDiffer = 0;
    for (int i = 0; i < 3000; i++) {
      Map<String, String> fields = randomFields(rnd, rnd.nextInt(3) == 0);
      VCard card;
      try {
        card = CardMapping.newCard(fields, "uid-" + i, VCardVersion.V3_0);
      } catch (IllegalArgumentException refused) {
        continue; // a birthday that is not a date: the connector reports it, writes nothing
      }
      String text = CardMapping.write(card);
      Map<String, String> read;
      try {
        read = CardMapping.fields(CardParser.parse(text));
      } catch (MalformedCardException e) {
        read = null;
      }
      if (CardMapping.readsBackAsMade(fields)) {
        plain++;
        assertThat(read).as("case %d: %s\n%s", i, fields, text).isEqualTo(CardMapping.fields(card));
      } else {
        odd++;
        if (!CardMapping.fields(card).equals(read)) {
          oddThatDiffer++;
        }
      }
    }
    assertThat(plain).as("cases the check accepts").isGreaterThan(1000);
    assertThat(odd).as("cases the check refuses").isGreaterThan(500);
    // What the check refuses is not refused for nothing: some of it reads back otherwise.
    assertThat(oddThatDiffer).isGreaterThan(10);
  }

  @Test
  void refusesWhatItCannotVouchFor() {
    assertThat(CardMapping.readsBackAsMade(Map.of("notes", "two\nlines"))).isFalse();
    assertThat(CardMapping.readsBackAsMade(Map.of("notes", "half \uD83C"))).isFalse();
    assertThat(CardMapping.readsBackAsMade(Map.of("notes", "whole \uD83C\uDF89"))).isTrue();
    assertThat(CardMapping.readsBackAsMade(Map.of("birthday", "12345-01-01"))).isFalse();
    assertThat(CardMapping.readsBackAsMade(Map.of("birthday", "1815-12-10"))).isTrue();
    assertThat(CardMapping.readsBackAsMade(Map.of("nickname", "Ada"))).isFalse();
    assertThat(CardMapping.readsBackAsMade(Map.of("phone", "TEL:+1 555 0100"))).isFalse();
    assertThat(CardMapping.readsBackAsMade(Map.of("phone", "+1 555 0100"))).isTrue();
  }

  private static Map<String, String> randomFields(Random rnd, boolean withOdd) {
    // every canonical contact field a card holds (a company reference is not a card property)
    List<String> all = new ArrayList<>(CanonicalFields.of(ObjectType.CONTACT));
    all.remove(CanonicalFields.COMPANY_REF);
    Map<String, String> f = new LinkedHashMap<>();
    int n = 1 + rnd.nextInt(all.size());
    for (int k = 0; k < n; k++) {
      String name = all.remove(rnd.nextInt(all.size()));
      f.put(name, name.equals("birthday") ? birthday(rnd) : text(rnd, withOdd));
    }
    return f;
  }

  private static String birthday(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> "--12-10";
      case 1 -> "";
      default ->
          LocalDate.of(1 + rnd.nextInt(3000), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)).toString();
    };
  }

  /** Short or long (past a line's 75 characters, so folded) text of random pieces. */
  private static String text(Random rnd, boolean withOdd) {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(4) == 0 ? 20 + rnd.nextInt(40) : 1 + rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      if (withOdd && rnd.nextInt(4) == 0) {
        sb.append(ODD[rnd.nextInt(ODD.length)]);
      } else {
        sb.append(PLAIN[rnd.nextInt(PLAIN.length)]);
      }
    }
    return sb.toString();
  }
}
