package dev.tandem.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamePartsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          Ada King Lovelace            | Ada King    | Lovelace
          Ada Lovelace                 | Ada         | Lovelace
          '  Ada    Lovelace '         | Ada         | Lovelace
          'Lovelace, Ada'              | Ada         | Lovelace
          'Lovelace,Ada King'          | Ada King    | Lovelace
          'Lovelace, Dr. Ada'          | Ada         | Lovelace
          'Lovelace,'                  | -           | Lovelace
          Ada                          | Ada         | -
          Dr. Ada Lovelace             | Ada         | Lovelace
          Mr Charles Babbage           | Charles     | Babbage
          Ms. Grace Hopper             | Grace       | Hopper
          Prof. Dr. Ada Lovelace       | Ada         | Lovelace
          Dr. Lovelace                 | Lovelace    | -
          Dr.                          | Dr.         | -
          Martin Luther King Jr.       | Martin Luther | King Jr.
          'Ada Lovelace, PhD'          | Ada         | Lovelace PhD
          Ludwig van Beethoven         | Ludwig      | van Beethoven
          Robert De Niro               | Robert De   | Niro
          Maria de la Cruz             | Maria       | de la Cruz
          """)
  void splits(String full, String first, String last) {
    assertThat(NameParts.split(full)).isEqualTo(new NameParts(first, last));
  }

  @Test
  void blankSplitsToNothing() {
    assertThat(NameParts.split(null)).isEqualTo(new NameParts(null, null));
    assertThat(NameParts.split("  ")).isEqualTo(new NameParts(null, null));
  }

  @Test
  void joinSkipsAbsentParts() {
    assertThat(NameParts.join("Ada", "Lovelace")).isEqualTo("Ada Lovelace");
    assertThat(NameParts.join(" Ada ", null)).isEqualTo("Ada");
    assertThat(NameParts.join(null, "Lovelace")).isEqualTo("Lovelace");
    assertThat(NameParts.join("", " ")).isNull();
    assertThat(NameParts.join(null, null)).isNull();
  }

  @Test
  void splitThenJoinGivesBackAPlainName() {
    Random r = new Random(42);
    String[] words = {"Ada", "King", "Lovelace", "Grace", "Brewster", "Hopper", "Élodie", "Ng"};
    for (int i = 0; i < 500; i++) {
      StringBuilder name = new StringBuilder();
      int n = 1 + r.nextInt(4);
      for (int j = 0; j < n; j++) {
        name.append(j == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
      }
      NameParts parts = NameParts.split(name.toString());
      assertThat(NameParts.join(parts.first(), parts.last())).isEqualTo(name.toString());
      assertThat(parts.first()).isNotNull();
      assertThat(parts.last() == null).isEqualTo(n == 1);
    }
  }
}
