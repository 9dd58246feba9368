package dev.tandem.core.spi;

/** Counts API calls. Connectors call it once per request they send, named by endpoint. */
@FunctionalInterface
public interface ApiMeter {
  /**
   * @param endpoint method and path template, e.g. {@code "POST
   *     /crm/v3/objects/contacts/batch/update"}
   */
  void call(String endpoint);

  ApiMeter NONE = endpoint -> {};
}
