package dev.tandem.connector.hubspot;

import java.util.ArrayList;
import java.util.List;

/**
 * A client-side sliding-window limiter: at most {@code permits} requests in any window, so Tandem
 * stays under HubSpot's published limits instead of learning them from 429s.
 *
 * <p>HubSpot counts a request when it arrives, which is some time after Tandem sends it. A window
 * measured from the send times alone lets a request arrive less than a window after the one {@code
 * permits} before it whenever that one took longer on the wire — the 5-per-second search limit
 * answered about one search in twelve with a 429 that way. So each request's slot is moved to the
 * moment its answer came back ({@link #completed}), which is after HubSpot counted it.
 */
final class RequestLimiter {
  private final int permits;
  private final long windowNanos;
  private final List<Slot> slots = new ArrayList<>();

  /** One request's place in the window: when it was sent, then when its answer came back. */
  static final class Slot {
    private long at;

    private Slot(long at) {
      this.at = at;
    }
  }

  RequestLimiter(int permits, long windowMillis) {
    this.permits = permits;
    this.windowNanos = windowMillis * 1_000_000;
  }

  /** Blocks until a request may be sent, and counts it; pass the slot to {@link #completed}. */
  synchronized Slot acquire() {
    while (true) {
      long now = System.nanoTime();
      slots.removeIf(s -> now - s.at >= windowNanos);
      if (slots.size() < permits) {
        Slot slot = new Slot(now);
        slots.add(slot);
        return slot;
      }
      long oldest = Long.MAX_VALUE;
      for (Slot s : slots) {
        oldest = Math.min(oldest, s.at);
      }
      long waitNanos = Math.max(1, windowNanos - (now - oldest));
      try {
        wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.tandem.core.spi.ConnectorException(
            "interrupted while waiting for HubSpot's rate limit", true);
      }
    }
  }

  /** The request of this slot got its answer (or failed): its window runs from now. */
  synchronized void completed(Slot slot) {
    slot.at = Math.max(slot.at, System.nanoTime());
  }
}
