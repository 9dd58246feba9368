package dev.tandem.core.spi;

/**
 * Why one item of a write failed.
 *
 * @param kind what kind of failure, which decides what the engine does next
 * @param message a reason a user can read, naming the field or value at fault where possible
 * @param existingId for {@link Kind#ALREADY_EXISTS}, the id of the record that already exists
 */
public record WriteError(Kind kind, String message, String existingId) {

  public enum Kind {
    /** The app refused the values (validation, a required field, a bad option). Retried later. */
    INVALID,
    /** A create collided with an existing record; the engine links to {@code existingId}. */
    ALREADY_EXISTS,
    /**
     * The record changed since the version in {@code ifMatch}; the engine re-reads and re-merges.
     */
    VERSION_MISMATCH,
    /** The record no longer exists. */
    NOT_FOUND,
    /** A passing failure (rate limit, 5xx, timeout) of this item only; retried later. */
    TRANSIENT
  }

  public WriteError(Kind kind, String message) {
    this(kind, message, null);
  }
}
