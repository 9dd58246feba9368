package dev.tandem.server;

import dev.tandem.engine.service.SyncService;
import java.time.Duration;

/** Test scope: the real sync service's options, quick enough for tests. */
public final class FastSync {
  /**
   * Polls for due runs every 200 ms (a new connection's initial sync starts right after it is
   * created), gathers webhook notices for 50 ms, and waits at most 10 s for runs when closing.
   */
  public static final SyncService.Options OPTIONS =
      new SyncService.Options(
          Duration.ofMillis(200),
          Duration.ofMillis(50),
          2,
          Duration.ofSeconds(10),
          Duration.ofMinutes(5));

  private FastSync() {}
}
