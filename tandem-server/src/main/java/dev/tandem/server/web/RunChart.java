package dev.tandem.server.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of the run-history chart: per run, a bar for records written and one for API calls,
 * on one scale. Computed here so the template only places shapes; the SVG scales with its container
 * (viewBox), so it fits a phone as well as a laptop.
 *
 * @param width the viewBox width
 * @param height the viewBox height
 * @param bars one group per run, oldest on the left
 * @param ticks the horizontal grid lines with their values
 * @param baseline the y of the zero line
 * @param left the x where the plot starts
 */
public record RunChart(
    int width, int height, List<Bar> bars, List<Tick> ticks, int baseline, int left) {

  /** One run's input: its id, records written and API calls. */
  public record Point(long run, long records, long apiCalls) {}

  /**
   * One run's two bars.
   *
   * @param x the left edge of the records bar; the API-calls bar follows it
   * @param barWidth the width of each of the two bars
   * @param recordsY top of the records bar
   * @param recordsHeight its height
   * @param callsY top of the API-calls bar
   * @param callsHeight its height
   * @param title the tooltip: run id and both values
   */
  public record Bar(
      int x,
      int barWidth,
      int recordsY,
      int recordsHeight,
      int callsY,
      int callsHeight,
      String label,
      int labelX,
      String title) {
    public int callsX() {
      return x + barWidth;
    }
  }

  /** A grid line at height {@code y} labelled {@code value}. */
  public record Tick(int y, String value) {}

  static final int WIDTH = 640;
  static final int HEIGHT = 220;
  static final int LEFT = 44;
  static final int RIGHT = 8;
  static final int TOP = 10;
  static final int BOTTOM = 24;

  /** The chart of these runs, oldest first. */
  public static RunChart of(List<Point> runs) {
    long max = 1;
    for (Point p : runs) {
      max = Math.max(max, Math.max(p.records(), p.apiCalls()));
    }
    long top = niceCeiling(max);
    int plotHeight = HEIGHT - TOP - BOTTOM;
    int baseline = TOP + plotHeight;
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i <= 4; i++) {
      long value = top * i / 4;
      ticks.add(
          new Tick(baseline - (int) Math.round(plotHeight * (double) value / top), fmt(value)));
    }
    List<Bar> bars = new ArrayList<>();
    int n = runs.size();
    if (n > 0) {
      double slot = (WIDTH - LEFT - RIGHT) / (double) n;
      int barWidth = (int) Math.max(1, Math.min(24, Math.floor(slot * 0.8 / 2)));
      // Label every run when they fit, else every k-th so the labels never overlap.
      int every = (int) Math.max(1, Math.ceil(36 / slot));
      for (int i = 0; i < n; i++) {
        Point p = runs.get(i);
        int groupX = LEFT + (int) Math.round(slot * i + (slot - 2 * barWidth) / 2);
        int rh = (int) Math.round(plotHeight * (double) p.records() / top);
        int ch = (int) Math.round(plotHeight * (double) p.apiCalls() / top);
        String label = (n - 1 - i) % every == 0 ? "#" + p.run() : "";
        bars.add(
            new Bar(
                groupX,
                barWidth,
                baseline - rh,
                rh,
                baseline - ch,
                ch,
                label,
                groupX + barWidth,
                "run #"
                    + p.run()
                    + ": "
                    + p.records()
                    + " records, "
                    + p.apiCalls()
                    + " API calls"));
      }
    }
    return new RunChart(WIDTH, HEIGHT, bars, ticks, baseline, LEFT);
  }

  public int right() {
    return width - RIGHT;
  }

  public boolean empty() {
    return bars.isEmpty();
  }

  /**
   * The top of the scale: four grid steps of a round size (1, 2, 2.5 or 5 times a power of ten,
   * whole numbers only) that reach at least {@code v}.
   */
  static long niceCeiling(long v) {
    for (long power = 1; ; power *= 10) {
      long[] steps =
          power == 1
              ? new long[] {1, 2, 5}
              : new long[] {power, 2 * power, 5 * power / 2, 5 * power};
      for (long step : steps) {
        if (4 * step >= v) {
          return 4 * step;
        }
      }
    }
  }

  private static String fmt(long v) {
    if (v >= 1_000_000 && v % 100_000 == 0) {
      return (v / 100_000) / 10.0 + "M";
    }
    if (v >= 10_000 && v % 1_000 == 0) {
      return v / 1_000 + "k";
    }
    return Long.toString(v);
  }
}
