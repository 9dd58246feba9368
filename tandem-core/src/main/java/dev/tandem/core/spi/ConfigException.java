package dev.tandem.core.spi;

/** A configuration a user wrote is wrong; the message says what and where. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
