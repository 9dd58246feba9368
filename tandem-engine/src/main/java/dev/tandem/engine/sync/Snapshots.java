package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.sync.PairPlanner.Flow;
import java.util.HashMap;
import java.util.Map;

/**
 * Engine bookkeeping kept in a link's snapshot next to the mapped values: whether each side was in
 * scope at the last sync (so an unchanged side keeps its scope without being read), and the values
 * rules set (so they are written once).
 */
final class Snapshots {
  static final String SCOPE_A = "~a";
  static final String SCOPE_B = "~b";

  private Snapshots() {}

  /**
   * The snapshot to store: the planner's values, the scope flags, and the set-action memory of a
   * side whose record was not read this time (its rules were not evaluated, so nothing replaced
   * it).
   */
  static Map<String, String> complete(
      Map<String, String> planned, Map<String, String> old, Flow flow, Record a, Record b) {
    Map<String, String> out = new HashMap<>(planned);
    out.put(SCOPE_A, flow.aToB() ? "in" : "out");
    out.put(SCOPE_B, flow.bToA() ? "in" : "out");
    if (old != null) {
      carrySets(out, old, Side.B, a == null);
      carrySets(out, old, Side.A, b == null);
    }
    return out;
  }

  private static void carrySets(
      Map<String, String> out, Map<String, String> old, Side target, boolean sourceUnread) {
    if (!sourceUnread) {
      return;
    }
    String prefix = "=" + target.label() + ".";
    old.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.putIfAbsent(k, v);
          }
        });
  }
}
