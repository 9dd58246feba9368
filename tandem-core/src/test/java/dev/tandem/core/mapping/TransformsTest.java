package dev.tandem.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TransformsTest {

  private static String apply(String name, String value) {
    return Transforms.named(name).orElseThrow().apply(value);
  }

  @Test
  void namesAreListedAndLookedUpIgnoringCase() {
    assertThat(Transforms.names())
        .containsExactly("trim", "lower", "upper", "title", "phone", "digits", "email");
    assertThat(Transforms.named(" PHONE ")).get().extracting(Transform::name).isEqualTo("phone");
    assertThat(Transforms.named("soundex")).isEmpty();
    assertThat(Transforms.named(null)).isEmpty();
  }

  @Test
  void everyTransformMapsNullToNullAndBlankResultsToNull() {
    for (String name : Transforms.names()) {
      assertThat(apply(name, null)).as(name).isNull();
      assertThat(apply(name, "  \t ")).as(name).isNull();
    }
    assertThat(apply("digits", "abc")).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          trim   | '  Ada   King\t Lovelace  '   | Ada King Lovelace
          trim   | 'a\u00A0\u00A0b'               | a b
          lower  | 'ÄDA Lovelace'                 | äda lovelace
          upper  | 'straße i'                     | STRASSE I
          title  | 'ada KING-lovelace'            | Ada King-Lovelace
          title  | 'o''brien of st. john'         | O'Brien Of St. John
          title  | 'ANGUS McDonald mcbride'       | Angus McDonald Mcbride
          title  | 'A'                            | A
          title  | 'élodie  dupont'               | Élodie  Dupont
          digits | '+49 (30) 123-456'             | 4930123456
          digits | 'ext ٣٤'                        | 34
          email  | '  Ada@Example.COM '           | ada@example.com
          """)
  void textTransforms(String name, String in, String out) {
    assertThat(apply(name, in)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          '+49 (30) 123-45.67'          | +49301234567
          '0049 30 1234567'             | +49301234567
          '030/1234567'                 | 0301234567
          '(555) 123-4567'              | 5551234567
          '+44 (0)20 7946 0958'         | +442079460958
          '555-1234 x123'               | 5551234 x123
          '555-1234 ext. 123'           | 5551234 x123
          '555 1234 Ext 12'             | 5551234 x12
          '+1 555 1234, extension 7'    | +15551234 x7
          '555-1234 #9'                 | 5551234 x9
          '+15551234 x7'                | +15551234 x7
          '1-800-FLOWERS'               | 1-800-FLOWERS
          'call me maybe'               | call me maybe
          '555+1234'                    | 555+1234
          '  +49 30 1234567  '          | +49301234567
          '+49 30–123 4567'         | +49301234567
          """)
  void phoneNormalisesForComparisonAndWriting(String in, String out) {
    assertThat(apply("phone", in)).isEqualTo(out);
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 50).mapToObj(i -> 31L * i + 5);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void transformsAreIdempotentAndNumbersWrittenDifferentlyAgree(long seed) {
    Random r = new Random(seed);
    String alphabet = "aZé ß-.()+x0123456789\t/";
    for (int i = 0; i < 50; i++) {
      StringBuilder s = new StringBuilder();
      int n = r.nextInt(16);
      for (int j = 0; j < n; j++) {
        s.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      for (String name : Transforms.names()) {
        if (name.equals("upper")) {
          continue; // "ß" upper-cases to "SS", whose lower case differs; not idempotent by design.
        }
        String once = apply(name, s.toString());
        assertThat(apply(name, once)).as("%s twice on '%s'", name, s).isEqualTo(once);
      }
    }
    // The same number with random separators normalises to one value.
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < 6 + r.nextInt(6); i++) {
      digits.append(r.nextInt(10));
    }
    String expected = "+" + digits;
    for (int k = 0; k < 20; k++) {
      StringBuilder written = new StringBuilder(r.nextBoolean() ? "+" : "00");
      for (char c : digits.toString().toCharArray()) {
        if (r.nextInt(3) == 0) {
          written.append(" .-/".charAt(r.nextInt(4)));
        }
        written.append(c);
      }
      assertThat(apply("phone", written.toString())).as(written.toString()).isEqualTo(expected);
    }
  }

  @Test
  void chainAppliesInOrderAndStopsAtNull() {
    Transform chain =
        Transforms.chain(
            List.of(
                Transforms.named("trim").orElseThrow(), Transforms.named("upper").orElseThrow()));
    assertThat(chain.apply("  ada   lovelace ")).isEqualTo("ADA LOVELACE");
    assertThat(chain.name()).isEqualTo("trim, upper");
    assertThat(chain.apply(null)).isNull();
    Transform digitsThenTitle =
        Transforms.chain(
            List.of(
                Transforms.named("digits").orElseThrow(), Transforms.named("title").orElseThrow()));
    assertThat(digitsThenTitle.apply("no digits")).isNull();
    Transform empty = Transforms.chain(List.of());
    assertThat(empty.apply(" x ")).isEqualTo(" x ");
    assertThat(empty.apply("  ")).isNull();
  }
}
