package dev.tandem.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueMapTest {

  private static ValueMap of(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return new ValueMap(m);
  }

  @Test
  void mapsBothWaysIgnoringCaseAndSpaces() {
    ValueMap map = of("customer", "3", "Lead", "1");
    assertThat(map.toB(" CUSTOMER ")).isEqualTo("3");
    assertThat(map.toB("lead")).isEqualTo("1");
    assertThat(map.toA(" 3")).isEqualTo("customer");
    assertThat(map.toA("1")).isEqualTo("Lead");
    assertThat(map.isEmpty()).isFalse();
  }

  @Test
  void unmappedValuesPassThroughUnchanged() {
    ValueMap map = of("customer", "3");
    assertThat(map.toB(" other ")).isEqualTo(" other ");
    assertThat(map.toA("7")).isEqualTo("7");
    assertThat(map.toB(null)).isNull();
    assertThat(map.toA(null)).isNull();
  }

  @Test
  void severalAValuesForOneBValueMapBackToTheFirstListed() {
    ValueMap map = of("customer", "3", "evangelist", "3", "lead", "1");
    assertThat(map.toB("evangelist")).isEqualTo("3");
    assertThat(map.toA("3")).isEqualTo("customer");
  }

  @Test
  void multiValuedValuesMapValueByValue() {
    ValueMap map = of("Red", "R", "green", "G", "red;green", "RG");
    assertThat(map.toB("red; Green;blue")).isEqualTo("R;G;blue");
    assertThat(map.toB("Red;Green")).isEqualTo("RG");
    assertThat(map.toA("G;R")).isEqualTo("green;Red");
    assertThat(map.toA("rg")).isEqualTo("red;green");
  }

  @Test
  void emptyMap() {
    assertThat(new ValueMap(Map.of()).isEmpty()).isTrue();
    assertThat(new ValueMap(null).isEmpty()).isTrue();
    assertThat(new ValueMap(null).toB("x")).isEqualTo("x");
  }

  @Test
  void rejectsDuplicateAndEmptyEntries() {
    assertThatThrownBy(() -> of("Customer", "3", "customer ", "4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'customer' more than once");
    assertThatThrownBy(() -> of("customer", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty value");
  }
}
