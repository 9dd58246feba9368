package dev.tandem.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunChartTest {

  @Test
  void barsAreScaledToARoundTopAndStayInsideThePlot() {
    RunChart chart =
        RunChart.of(
            List.of(
                new RunChart.Point(1, 100, 7),
                new RunChart.Point(2, 0, 3),
                new RunChart.Point(3, 45, 90)));
    assertThat(chart.ticks().get(4).value()).isEqualTo("100");
    RunChart.Bar first = chart.bars().get(0);
    assertThat(first.recordsY()).isEqualTo(RunChart.TOP);
    assertThat(first.recordsY() + first.recordsHeight()).isEqualTo(chart.baseline());
    assertThat(chart.bars().get(1).recordsHeight()).isZero();
    assertThat(chart.bars().get(2).callsHeight())
        .isGreaterThan(chart.bars().get(2).recordsHeight());
    for (RunChart.Bar b : chart.bars()) {
      assertThat(b.x()).isGreaterThanOrEqualTo(chart.left());
      assertThat(b.callsX() + b.barWidth()).isLessThanOrEqualTo(chart.right());
    }
  }

  @Test
  void niceCeilingIsFourRoundSteps() {
    assertThat(RunChart.niceCeiling(1)).isEqualTo(4);
    assertThat(RunChart.niceCeiling(5)).isEqualTo(8);
    assertThat(RunChart.niceCeiling(9)).isEqualTo(20);
    assertThat(RunChart.niceCeiling(90)).isEqualTo(100);
    assertThat(RunChart.niceCeiling(101)).isEqualTo(200);
    assertThat(RunChart.niceCeiling(12_345)).isEqualTo(20_000);
  }

  @Test
  void manyRunsAreLabelledSparsely() {
    List<RunChart.Point> runs =
        java.util.stream.LongStream.rangeClosed(1, 60)
            .mapToObj(i -> new RunChart.Point(i, i, i))
            .toList();
    RunChart chart = RunChart.of(runs);
    long labelled = chart.bars().stream().filter(b -> !b.label().isEmpty()).count();
    assertThat(labelled).isBetween(5L, 20L);
    assertThat(chart.bars().get(59).label()).isEqualTo("#60");
  }
}
