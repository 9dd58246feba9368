package dev.tandem.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one millisecond per reading, so every edit has its own time. */
final class TickingClock extends Clock {
  private final AtomicLong millis =
      new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.incrementAndGet());
  }

  void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }
}
