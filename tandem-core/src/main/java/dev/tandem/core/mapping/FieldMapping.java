package dev.tandem.core.mapping;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;

/**
 * One field correspondence between side A and side B.
 *
 * <p>Values are compared in A's terms: B's value goes through the value map's {@code toA} first.
 * The snapshot of a link stores, per mapping {@link #key()}, the compared form of the value last
 * synchronised.
 *
 * @param key a stable name for the mapping (the canonical field, or "a-field~b-field")
 * @param a how side A reads and writes it
 * @param b how side B reads and writes it
 * @param direction which way changes flow
 * @param values picklist translation, A value to B value (empty for none)
 * @param transform applied to a value before it is written to the other side, or null
 * @param comparison how values are compared
 */
public record FieldMapping(
    String key,
    FieldAccess a,
    FieldAccess b,
    Direction direction,
    ValueMap values,
    Transform transform,
    Comparison comparison) {

  public FieldAccess access(Side side) {
    return side == Side.A ? a : b;
  }

  /** The value of this mapping in {@code record} of {@code side}, translated into A's terms. */
  public String valueInA(Side side, Record record) {
    String raw = access(side).read(record);
    if (raw == null) {
      return null;
    }
    String v = side == Side.B && values != null ? values.toA(raw) : raw;
    return transform == null ? v : transform.apply(v);
  }

  /** The compared form of this mapping's value in {@code record}. */
  public String compared(Side side, Record record) {
    return comparison.normalize(valueInA(side, record));
  }

  /** The native fields to write on {@code target} to give it the value {@code valueInA}. */
  public java.util.Map<String, String> writeTo(Side target, String valueInA) {
    String v = valueInA;
    if (target == Side.B && values != null && v != null) {
      v = values.toB(v);
    }
    return access(target).write(v);
  }

  @Override
  public String toString() {
    return String.join("+", a.fields())
        + " ↔ "
        + String.join("+", b.fields())
        + " ("
        + direction.id()
        + ")";
  }
}
