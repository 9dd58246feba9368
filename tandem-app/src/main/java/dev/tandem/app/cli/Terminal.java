package dev.tandem.app.cli;

import dev.tandem.engine.ProgressListener;
import java.time.Clock;

/** Where progress goes: a redrawn bar on a terminal, plain lines otherwise (both on stderr). */
final class Terminal {
  private Terminal() {}

  static ProgressListener progress() {
    boolean tty =
        System.console() != null
            && System.getenv("TERM") != null
            && !"dumb".equals(System.getenv("TERM"));
    return new ProgressBar(System.err, tty, Clock.systemUTC());
  }
}
