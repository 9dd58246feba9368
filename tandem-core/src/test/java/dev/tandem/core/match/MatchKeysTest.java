package dev.tandem.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MatchKeysTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      nullValues = "-",
      textBlock =
          """
          '  Ada@Example.COM '                 | ada@example.com
          'ada@example.com; bob@example.com'   | ada@example.com
          'ada@example.com,bob@example.com'    | ada@example.com
          ' ; ada@example.com'                 | ada@example.com
          'Ada Lovelace <Ada@Example.com>'     | ada@example.com
          'mailto:Ada@example.com'             | ada@example.com
          'Lovelace, Ada <Ada@Example.com>'    | ada@example.com
          'Ada <ada@example.com>, Bob <b@x.y>' | ada@example.com
          'jörg@bücher.de'                     | jörg@bücher.de
          'ada'                                | -
          '@example.com'                       | -
          'ada@'                               | -
          'ada@b@example.com'                  | -
          'ada lovelace@example.com'           | -
          '   '                                | -
          ''                                   | -
          """)
  void email(String in, String key) {
    assertThat(MatchKeys.email(in)).isEqualTo(key);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      nullValues = "-",
      textBlock =
          """
          'example.com'                                    | example.com
          'Example.COM.'                                   | example.com
          'https://www.Example.com/about?x=1#top'          | example.com
          'http://user:secret@shop.example.co.uk:8443/a'   | shop.example.co.uk
          'www.example.com'                                | example.com
          'example.com:8080'                               | example.com
          'example.com/path'                               | example.com
          'ada@Example.com'                                | example.com
          'mailto:ada@example.com'                         | example.com
          'Ada <ada@example.com>'                          | example.com
          'Lovelace, Ada <ada@example.com>'                | example.com
          'bücher.de'                                      | bücher.de
          'https://xn--bcher-kva.de/'                      | bücher.de
          'BÜCHER.DE'                                      | bücher.de
          'my-shop.example'                                | my-shop.example
          'example.com; other.org'                         | example.com
          'localhost'                                      | -
          'http://localhost:8080'                          | -
          '192.168.0.1'                                    | -
          'exa mple.com'                                   | -
          'exa_mple.com'                                   | -
          '-bad.com'                                       | -
          'a..com'                                         | -
          'n/a'                                            | -
          '   '                                            | -
          """)
  void domain(String in, String key) {
    assertThat(MatchKeys.domain(in)).isEqualTo(key);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      nullValues = "-",
      textBlock =
          """
          'Acme Inc.'                   | acme
          'ACME, Incorporated'          | acme
          'acme'                        | acme
          'Acme Ltd'                    | acme
          'Acme Limited'                | acme
          'Müller GmbH & Co. KG'        | muller
          'Mueller GmbH'                | mueller
          'Société Générale S.A.'       | societe generale
          'Fiat S.p.A.'                 | fiat
          'Philips N.V.'                | philips
          'Ørsted A/S'                  | orsted
          'Straße AG'                   | strasse
          'Nokia Oyj'                   | nokia oyj
          'Nokia Oy'                    | nokia
          'Johnson & Johnson'           | johnson johnson
          'Johnson and Johnson'         | johnson johnson
          'McDonald''s Corp.'           | mcdonalds
          'A.B.C. Holdings plc'         | abc holdings
          'J.P. Morgan'                 | jp morgan
          '  Big    Blue  '             | big blue
          'Ｆｕｌｌｗｉｄｔｈ Ltd'          | fullwidth
          'Inc.'                        | -
          'LLC'                         | -
          '...'                         | -
          ''                            | -
          """)
  void companyName(String in, String key) {
    assertThat(MatchKeys.companyName(in)).isEqualTo(key);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {" "})
  void blankGivesNoKey(String in) {
    assertThat(MatchKeys.email(in)).isNull();
    assertThat(MatchKeys.domain(in)).isNull();
    assertThat(MatchKeys.companyName(in)).isNull();
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 40).mapToObj(i -> 101L * i + 3);
  }

  /** Keys are fixed points: normalising a key again gives the same key. */
  @ParameterizedTest
  @MethodSource("seeds")
  void keysAreIdempotentAndIgnoreCaseAndDecoration(long seed) {
    Random r = new Random(seed);
    String alphabet = "abcXYZéÜß0123-. ,;@/:&'";
    for (int i = 0; i < 100; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = r.nextInt(20); j > 0; j--) {
        s.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String in = s.toString();
      String email = MatchKeys.email(in);
      if (email != null) {
        assertThat(MatchKeys.email(email)).isEqualTo(email);
        assertThat(MatchKeys.email("  " + email.toUpperCase(java.util.Locale.ROOT) + " ; x@y.z"))
            .as("decorated %s", email)
            .isEqualTo(MatchKeys.email(email.toUpperCase(java.util.Locale.ROOT)));
      }
      String domain = MatchKeys.domain(in);
      if (domain != null) {
        assertThat(MatchKeys.domain(domain)).isEqualTo(domain);
        assertThat(MatchKeys.domain("HTTPS://www." + domain + ":443/x?y")).isEqualTo(domain);
        assertThat(MatchKeys.domain("someone@" + domain)).isEqualTo(domain);
      }
      String company = MatchKeys.companyName(in);
      if (company != null) {
        assertThat(MatchKeys.companyName(company)).as("company of %s", in).isEqualTo(company);
        assertThat(MatchKeys.companyName(in.toUpperCase(java.util.Locale.ROOT) + " GmbH"))
            .as("company of %s", in)
            .isEqualTo(company);
      }
    }
  }

  /** The one-pass path for bare addresses agrees with the general one wherever it answers. */
  @ParameterizedTest
  @MethodSource("seeds")
  void theBareAddressPathAgreesWithTheGeneralOne(long seed) {
    Random r = new Random(seed);
    String letters = "abzAQZ09._-+";
    String special = "@ <>;,:\tmailto\u00e9";
    int answered = 0;
    for (int i = 0; i < 500; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = r.nextInt(6); j >= 0; j--) {
        s.append(letters.charAt(r.nextInt(letters.length())));
      }
      s.append('@');
      for (int j = r.nextInt(8); j >= 0; j--) {
        s.append(letters.charAt(r.nextInt(letters.length())));
      }
      // about half the values get one special character somewhere, or lose a part
      if (r.nextBoolean()) {
        int at = r.nextInt(s.length() + 1);
        s.insert(at, special.charAt(r.nextInt(special.length())));
      } else if (r.nextInt(4) == 0) {
        s.setLength(r.nextInt(s.length()));
      }
      String v = s.toString();
      String plain = MatchKeys.plainAddress(v);
      if (plain != null) {
        answered++;
        assertThat(plain).as("key of '%s'", v).isEqualTo(MatchKeys.anyEmail(v));
      }
      assertThat(MatchKeys.email(v)).as("key of '%s'", v).isEqualTo(MatchKeys.anyEmail(v));
    }
    assertThat(answered).as("values the bare-address path answered").isGreaterThan(10);
  }
}
