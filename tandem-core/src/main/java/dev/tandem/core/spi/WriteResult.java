package dev.tandem.core.spi;

/**
 * The outcome of one {@link WriteOp}.
 *
 * @param id the record's id (the new id after a create), or null when it failed before one existed
 * @param version the record's version after the write, or null
 * @param error why it failed, or null when it succeeded
 */
public record WriteResult(String id, String version, WriteError error) {

  public static WriteResult ok(String id, String version) {
    return new WriteResult(id, version, null);
  }

  public static WriteResult failed(String id, WriteError error) {
    return new WriteResult(id, null, error);
  }

  public boolean succeeded() {
    return error == null;
  }
}
