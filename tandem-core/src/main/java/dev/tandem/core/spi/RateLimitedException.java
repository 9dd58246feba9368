package dev.tandem.core.spi;

import java.time.Duration;

/** The app answered "too many requests". The engine waits {@link #retryAfter()} and retries. */
public class RateLimitedException extends ConnectorException {
  private final Duration retryAfter;
  private final boolean daily;

  /**
   * @param retryAfter how long the app asks to wait
   * @param daily whether a daily quota is exhausted: then the engine pauses the connection until
   *     the reset instead of waiting inside the run
   */
  public RateLimitedException(String message, Duration retryAfter, boolean daily) {
    super(message, true);
    this.retryAfter = retryAfter;
    this.daily = daily;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean daily() {
    return daily;
  }
}
