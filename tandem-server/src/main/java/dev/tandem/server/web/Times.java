package dev.tandem.server.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the dashboard shows them: in the server's zone, short when they are today. */
public final class Times {
  private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter OTHER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final Clock clock;

  public Times(Clock clock) {
    this.clock = clock;
  }

  /** {@code 14:02:11} today, {@code 2026-11-26 09:15} otherwise; {@code fallback} for null. */
  public String format(Instant t, String fallback) {
    if (t == null) {
      return fallback;
    }
    ZonedDateTime z = t.atZone(clock.getZone());
    return z.toLocalDate().equals(LocalDate.now(clock)) ? TODAY.format(z) : OTHER.format(z);
  }

  /** How long a run took: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 5 s}. */
  public static String duration(Instant start, Instant end) {
    if (start == null || end == null) {
      return "running";
    }
    Duration d = Duration.between(start, end);
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }
}
