package dev.tandem.core.spi;

/**
 * A call to an app failed as a whole. The message names the app and the reason in words a user can
 * act on (a bad token, a missing file, an unreachable host), never just a status code.
 */
public class ConnectorException extends RuntimeException {
  private final boolean transientFailure;

  public ConnectorException(String message, boolean transientFailure) {
    super(message);
    this.transientFailure = transientFailure;
  }

  public ConnectorException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  /**
   * Whether retrying the same call later may succeed (5xx, timeout, reset), as opposed to bad
   * credentials or config.
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
