package dev.tandem.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.spi.FieldDef.FieldType;
import org.junit.jupiter.api.Test;

class ComparisonDateTest {
  @Test
  void aDateAgainstADateTimeComparesByDate() {
    assertThat(Comparison.forTypes(FieldType.DATETIME, FieldType.DATE)).isEqualTo(Comparison.DATE);
    assertThat(Comparison.forTypes(FieldType.DATE, FieldType.STRING)).isEqualTo(Comparison.DATE);
    assertThat(Comparison.forTypes(FieldType.DATETIME, FieldType.DATETIME))
        .isEqualTo(Comparison.TEXT);
    assertThat(Comparison.forTypes(FieldType.STRING, FieldType.PHONE)).isEqualTo(Comparison.PHONE);
    assertThat(Comparison.DATE.normalize("2026-12-31T00:00:00.000Z"))
        .isEqualTo(Comparison.DATE.normalize("2026-12-31"))
        .isEqualTo(Comparison.DATE.normalize("1798675200000"))
        .isEqualTo("2026-12-31");
    assertThat(Comparison.DATE.normalize("2026-12-30")).isNotEqualTo("2026-12-31");
    assertThat(Comparison.DATE.normalize("next week")).isEqualTo("next week");
  }
}
