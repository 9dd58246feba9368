package dev.tandem.core.sync;

import dev.tandem.core.model.Side;
import java.util.List;
import java.util.Map;

/**
 * What to do with a linked (or newly matched) pair: the native fields to write on each side ("" to
 * clear) and the snapshot to store once the writes succeeded.
 */
public record PairDecision(
    Map<String, String> writeA,
    Map<String, String> writeB,
    Map<String, String> snapshot,
    List<FieldChange> changes,
    int conflicts) {

  public PairDecision {
    writeA = Map.copyOf(writeA);
    writeB = Map.copyOf(writeB);
    snapshot = Map.copyOf(snapshot);
    changes = List.copyOf(changes);
  }

  public Map<String, String> writes(Side side) {
    return side == Side.A ? writeA : writeB;
  }

  public boolean writesNothing() {
    return writeA.isEmpty() && writeB.isEmpty();
  }
}
