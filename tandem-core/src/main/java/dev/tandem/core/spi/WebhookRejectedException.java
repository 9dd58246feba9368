package dev.tandem.core.spi;

/** A webhook request that is not genuine, not recent or not readable; the server answers 401. */
public class WebhookRejectedException extends RuntimeException {
  public WebhookRejectedException(String message) {
    super(message);
  }
}
