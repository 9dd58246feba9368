package dev.tandem.emulator.dynamics;

/**
 * A request the emulator refuses, rendered as Dataverse renders errors: the HTTP status and the
 * body {@code {"error":{"code":"0x…","message":"…"}}}.
 */
final class DataverseError extends RuntimeException {
  /** Record not found ({@code ObjectDoesNotExist}). */
  static final String NOT_FOUND = "0x80040217";

  /** The version of the existing record doesn't match the RowVersion provided. */
  static final String VERSION_MISMATCH = "0x80060882";

  /** A record with matching key values already exists. */
  static final String DUPLICATE_KEY = "0x80040237";

  /** A validation error (length, type, option value). */
  static final String VALIDATION = "0x80044331";

  /** A malformed payload: unknown or read-only property. */
  static final String BAD_PAYLOAD = "0x80048d19";

  /** A malformed or unsupported query. */
  static final String BAD_QUERY = "0x80060888";

  /** The change-tracking version stamp has expired: the client must sync from scratch. */
  static final String EXPIRED_VERSION_STAMP = "0x80044352";

  /** Service protection: number of requests. */
  static final String TOO_MANY_REQUESTS = "0x80072322";

  /** Service protection: combined execution time. */
  static final String TOO_MUCH_EXECUTION_TIME = "0x80072321";

  /** Service protection: concurrent requests. */
  static final String TOO_MANY_CONCURRENT = "0x80072326";

  /** Authentication failed. */
  static final String UNAUTHORIZED = "0x80072560";

  final int status;
  final String code;

  /** For a 429, the seconds the client must wait ({@code Retry-After}); else 0. */
  long retryAfterSeconds;

  DataverseError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static DataverseError badRequest(String message) {
    return new DataverseError(400, BAD_QUERY, message);
  }

  static DataverseError notFound(String logicalName, String id) {
    return new DataverseError(404, NOT_FOUND, logicalName + " With Id = " + id + " Does Not Exist");
  }
}
