package dev.tandem.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparisonSpaceTest {
  @Test
  void runsOfWhitespaceCompareAsOneSpace() {
    assertThat(Comparison.TEXT.normalize("Ada  Lovelace")).isEqualTo("Ada Lovelace");
    assertThat(Comparison.TEXT.normalize("Ada\tLovelace")).isEqualTo("Ada Lovelace");
    assertThat(Comparison.TEXT.normalize(" Ada \n\r Lovelace\u000B")).isEqualTo("Ada Lovelace");
    assertThat(Comparison.TEXT.normalize("Ada Lovelace")).isEqualTo("Ada Lovelace");
    assertThat(Comparison.TEXT.normalize("a b c")).isEqualTo("a b c");
    assertThat(Comparison.TEXT.normalize(" \t ")).isNull();
    assertThat(Comparison.EMAIL.normalize(" P1@Example.com ")).isEqualTo("p1@example.com");
    assertThat(Comparison.PHONE.normalize("+1 (555)  100-0000")).isEqualTo("+15551000000");
  }
}
