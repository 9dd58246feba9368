package dev.tandem.core.spi;

import java.util.List;

/**
 * Checks and reads one app's webhook deliveries. The server calls {@link #receive} on a web thread
 * for every request to {@code /webhooks/{connection}/{side}}, before answering, so it must be fast
 * and make no API call; the engine then syncs the named records (a targeted run), coalescing bursts
 * and repeats. Nothing is synced from a request this method rejects.
 */
public interface WebhookReceiver {

  /**
   * Verifies the request (signature, age) and returns the records it names.
   *
   * @throws WebhookRejectedException when the request is unsigned, forged, too old or malformed;
   *     its message says which, for the log (it must not contain the secret)
   */
  List<ChangeNotice> receive(WebhookRequest request);
}
