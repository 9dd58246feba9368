package dev.tandem.app.cli;

import dev.tandem.engine.ProgressListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Shows progress on a terminal as one redrawn line (records done, rate, and with a known total a
 * bar and ETA); elsewhere, one plain line per phase.
 */
public final class ProgressBar implements ProgressListener {
  private static final long REDRAW_MS = 200;
  private final PrintStream out;
  private final boolean terminal;
  private final Clock clock;
  private String phase = "";
  private long total = -1;
  private long done;
  private Instant started;
  private long lastDraw;
  private boolean drawn;

  public ProgressBar(PrintStream out, boolean terminal, Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
  }

  @Override
  public void phase(String description, long total) {
    finishLine();
    this.phase = description;
    this.total = total;
    this.done = 0;
    this.started = clock.instant();
    if (terminal) {
      draw(true);
    } else {
      out.println(description + (total >= 0 ? " (" + total + " records)" : "") + " …");
    }
  }

  @Override
  public void advance(long n) {
    done += n;
    if (terminal) {
      draw(false);
    }
  }

  @Override
  public void done() {
    finishLine();
  }

  private void draw(boolean force) {
    long now = clock.millis();
    if (!force && now - lastDraw < REDRAW_MS) {
      return;
    }
    lastDraw = now;
    double seconds =
        Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
    long rate = (long) (done / seconds);
    StringBuilder line = new StringBuilder("\r").append(phase).append("  ");
    if (total > 0) {
      int width = 24;
      int filled = (int) Math.min(width, width * done / total);
      line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
      line.append(done).append('/').append(total);
      if (rate > 0 && done < total) {
        line.append("  ETA ").append((total - done) / rate).append(" s");
      }
    } else {
      line.append(done).append(" records");
    }
    line.append("  ").append(rate).append("/s\u001b[K");
    out.print(line);
    out.flush();
    drawn = true;
  }

  private void finishLine() {
    if (terminal && drawn) {
      draw(true);
      out.println();
      drawn = false;
    }
  }
}
