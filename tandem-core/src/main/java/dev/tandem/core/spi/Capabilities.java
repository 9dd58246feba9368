package dev.tandem.core.spi;

import dev.tandem.core.model.ObjectType;
import java.util.Set;

/**
 * What an app can do.
 *
 * @param objectTypes the object types it holds
 * @param pageSize records per {@link Connector#scan} page (the largest the API allows)
 * @param batchSize items per {@link Connector#write}, {@link Connector#read} and {@link
 *     Connector#find} call (the largest the API allows)
 * @param changes how {@link Connector#changes} knows what changed
 * @param reportsDeletions whether {@link Changes#deleted()} is filled
 * @param webhooks whether the app can push changes to Tandem
 */
public record Capabilities(
    Set<ObjectType> objectTypes,
    int pageSize,
    int batchSize,
    ChangeMode changes,
    boolean reportsDeletions,
    boolean webhooks) {

  /** How an app reports changes. */
  public enum ChangeMode {
    /** Records modified after a timestamp; deletions only if {@code reportsDeletions}. */
    TIMESTAMP,
    /** An opaque token from the app (delta link, sync token). */
    TOKEN,
    /**
     * No change feed: {@link Connector#changes} lists every record and sets {@link
     * Changes#complete()}, so the engine infers deletions from ids that are missing.
     */
    FULL_LISTING
  }
}
