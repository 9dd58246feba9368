package dev.tandem.core.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One create, update or delete.
 *
 * @param kind what to do
 * @param id the record's native id (null for a create)
 * @param fields for a create, every field to set; for an update, only the fields that change, where
 *     an empty string clears the field; empty for a delete
 * @param ifMatch the version the engine last saw, for apps with optimistic concurrency, or null
 */
public record WriteOp(Kind kind, String id, Map<String, String> fields, String ifMatch) {

  public enum Kind {
    CREATE,
    UPDATE,
    DELETE
  }

  public WriteOp {
    Objects.requireNonNull(kind, "kind");
    fields = fields == null ? Map.of() : Map.copyOf(fields);
    if (kind != Kind.CREATE) {
      Objects.requireNonNull(id, "id of " + kind);
    }
  }

  public static WriteOp create(Map<String, String> fields) {
    return new WriteOp(Kind.CREATE, null, fields, null);
  }

  public static WriteOp update(String id, Map<String, String> fields, String ifMatch) {
    return new WriteOp(Kind.UPDATE, id, fields, ifMatch);
  }

  public static WriteOp delete(String id, String ifMatch) {
    return new WriteOp(Kind.DELETE, id, Map.of(), ifMatch);
  }
}
