package dev.tandem.connector.hubspot;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A client-side sliding-window limiter: at most {@code permits} requests in any window, so Tandem
 * stays under HubSpot's published limits instead of learning them from 429s.
 */
final class RequestLimiter {
  private final int permits;
  private final long windowNanos;
  private final Deque<Long> sent = new ArrayDeque<>();

  RequestLimiter(int permits, long windowMillis) {
    this.permits = permits;
    this.windowNanos = windowMillis * 1_000_000;
  }

  /** Blocks until a request may be sent, and counts it. */
  synchronized void acquire() {
    while (true) {
      long now = System.nanoTime();
      while (!sent.isEmpty() && now - sent.peekFirst() >= windowNanos) {
        sent.removeFirst();
      }
      if (sent.size() < permits) {
        sent.addLast(now);
        return;
      }
      long waitNanos = windowNanos - (now - sent.peekFirst());
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.tandem.core.spi.ConnectorException(
            "interrupted while waiting for HubSpot's rate limit", true);
      }
    }
  }
}
