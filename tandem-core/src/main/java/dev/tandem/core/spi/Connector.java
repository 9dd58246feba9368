package dev.tandem.core.spi;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import java.util.List;

/**
 * An adapter for one app's API. It knows the API and nothing of merging: it pages, batches and
 * reports per-item results, and the engine decides everything else.
 *
 * <p>Threading: the engine calls one connector instance from one thread at a time, so an
 * implementation needs no locking of its own. Calls may block (they do I/O).
 *
 * <p>Errors: a call that fails as a whole throws {@link ConnectorException} (or its subclasses
 * {@link RateLimitedException} and {@link CursorExpiredException}). The engine retries rate limits
 * and transient failures for you (see {@code ResilientConnector}); a connector must not retry on
 * its own except where the API demands it (a token refresh, say). A problem with one item of a
 * batch is never an exception: it is a failed {@link WriteResult}.
 *
 * <p>API calls: every HTTP request (or file read, for file apps) is reported to the {@link
 * ApiMeter} from the {@link ConnectorContext}, named by endpoint, so runs can count them.
 */
public interface Connector extends AutoCloseable {

  /** What the app can do. Called often; must be cheap and make no API call. */
  Capabilities capabilities();

  /**
   * The app's fields for one object type and their canonical names. The engine calls it once per
   * run and object type and caches the answer for the run.
   */
  Schema schema(ObjectType type);

  /**
   * One page of all records of a type, in a stable order.
   *
   * @param pageToken null for the first page, else {@link Page#nextPageToken()} of the previous
   *     page
   */
  Page scan(ObjectType type, String pageToken);

  /**
   * Whether a full scan also yields the change cursor (on its last page, {@link Page#cursor()}), so
   * that the engine need not call {@link #currentCursor} before an initial sync. For apps whose
   * change tracking starts with a complete listing (Dataverse hands out a delta link only at the
   * end of one), this saves listing everything twice. Must make no API call.
   */
  default boolean scanYieldsCursor() {
    return false;
  }

  /**
   * A cursor meaning "now": {@link #changes} from it returns what changes after this call. The
   * engine takes it before an initial scan, so that changes made during the scan are read again
   * next time.
   */
  String currentCursor(ObjectType type);

  /**
   * Records changed (and, where the app can say, deleted) since a cursor, one page at a time. The
   * engine calls it again with {@link Changes#nextCursor()} while {@link Changes#hasMore()}, and
   * stores the last cursor only after the changes are applied. Returning a record that did not
   * change is harmless (the engine recognises it by its content); missing one is not.
   *
   * @throws CursorExpiredException when the app no longer accepts the cursor; the engine then falls
   *     back to a full scan
   */
  Changes changes(ObjectType type, String cursor);

  /**
   * Reads records by id, in batches of at most {@link Capabilities#batchSize()}; absent ids are
   * left out.
   */
  List<Record> read(ObjectType type, List<String> ids);

  /**
   * Finds records whose field equals one of the values (compared case-insensitively for emails), at
   * most {@link Capabilities#batchSize()} values per call. Used to find a record created before a
   * crash, so a create is never repeated.
   */
  List<Record> find(ObjectType type, String field, List<String> values);

  /**
   * Applies creates, updates and deletes, at most {@link Capabilities#batchSize()} per call, and
   * returns exactly one result per operation in the order given. One bad item never fails the rest.
   */
  List<WriteResult> write(ObjectType type, List<WriteOp> ops);

  /**
   * How this app's webhook deliveries are checked and read, or empty when the app sends none (or
   * the account is not configured for them, e.g. HubSpot without a {@code client-secret}). Called
   * by the server when a request arrives at {@code /webhooks/{connection}/{side}}, on a web thread,
   * possibly concurrently; must make no API call.
   */
  default java.util.Optional<WebhookReceiver> webhooks() {
    return java.util.Optional.empty();
  }

  /** Releases resources. The engine calls it once, when the connection stops. */
  @Override
  default void close() {}
}
