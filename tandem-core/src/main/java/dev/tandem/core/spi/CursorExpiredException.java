package dev.tandem.core.spi;

/**
 * The app no longer accepts a change cursor (an expired delta or sync token); the engine rescans.
 */
public class CursorExpiredException extends ConnectorException {
  public CursorExpiredException(String message) {
    super(message, false);
  }
}
