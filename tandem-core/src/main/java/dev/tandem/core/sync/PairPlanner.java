package dev.tandem.core.sync;

import dev.tandem.core.mapping.FieldMapping;
import dev.tandem.core.mapping.MappingSet;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, per field, what a pair of records needs: the three-way merge of a linked pair, the smart
 * merge of a first match, and the fields of a create. Pure: no I/O, so every decision is testable.
 *
 * <p>Snapshot keys are mapping keys; the values of a rule's set actions are remembered under {@code
 * "=a.<field>"} and {@code "=b.<field>"} so that they are written once, not on every run.
 */
public final class PairPlanner {
  private final MappingSet mappings;
  private final ConflictPolicy policy;

  public PairPlanner(MappingSet mappings, ConflictPolicy policy) {
    this.mappings = mappings;
    this.policy = policy;
  }

  /** Which ways a pair may sync (from rules), and what the rules set on each side. */
  public record Flow(
      boolean aToB, boolean bToA, Map<String, String> setOnA, Map<String, String> setOnB) {
    public static final Flow BOTH = new Flow(true, true, Map.of(), Map.of());

    public boolean from(Side side) {
      return side == Side.A ? aToB : bToA;
    }

    public Map<String, String> setOn(Side side) {
      return side == Side.A ? setOnA : setOnB;
    }
  }

  /**
   * Merges a pair.
   *
   * @param a A's record, or null when it did not change since the snapshot (its values are then
   *     taken from the snapshot)
   * @param b B's record, or null likewise
   * @param snapshot the link's snapshot, or null when the two records are matched for the first
   *     time (smart merge: blanks are filled from the other side and an empty value never
   *     overwrites one)
   */
  public PairDecision merge(Record a, Record b, Map<String, String> snapshot, Flow flow) {
    if (snapshot == null && (a == null || b == null)) {
      throw new IllegalArgumentException("a first match needs both records");
    }
    Map<String, String> writeA = new LinkedHashMap<>();
    Map<String, String> writeB = new LinkedHashMap<>();
    Map<String, String> snap = new HashMap<>();
    List<FieldChange> changes = new ArrayList<>();
    int conflicts = 0;
    for (FieldMapping m : mappings.mappings()) {
      String s = snapshot == null ? null : snapshot.get(m.key());
      String ca = a == null ? s : m.compared(Side.A, a);
      String cb = b == null ? s : m.compared(Side.B, b);
      boolean ab = flow.aToB() && m.direction().flowsFrom(Side.A);
      boolean ba = flow.bToA() && m.direction().flowsFrom(Side.B);
      Side winner;
      String reason;
      if (Objects.equals(ca, cb)) {
        if (ca != null) {
          snap.put(m.key(), ca);
        }
        continue;
      } else if (snapshot == null) {
        if (ca == null || cb == null) {
          // Smart merge: a blank is filled, never written over a value.
          winner = ca == null ? Side.B : Side.A;
          reason = "filled from " + winner.label();
          if (!(winner == Side.A ? ab : ba)) {
            // The value may not flow: remember what the receiving side holds (nothing), so neither
            // side counts as changed until one really is.
            continue;
          }
        } else {
          winner = conflictWinner(a, b, ab, ba);
          reason = conflictReason(winner, ab, ba);
          conflicts++;
        }
      } else {
        boolean aChanged = !Objects.equals(ca, s);
        boolean bChanged = !Objects.equals(cb, s);
        if (aChanged && bChanged) {
          winner = conflictWinner(a, b, ab, ba);
          reason = conflictReason(winner, ab, ba);
          conflicts++;
        } else {
          winner = aChanged ? Side.A : Side.B;
          reason = "changed in " + winner.label();
          if (!(winner == Side.A ? ab : ba)) {
            // The change may not flow that way: keep the snapshot so it is not lost later.
            putIfPresent(snap, m.key(), s);
            continue;
          }
        }
      }
      Side loser = winner.other();
      Record source = winner == Side.A ? a : b;
      String value = source == null ? null : m.valueInA(winner, source);
      if (source == null) {
        // An unchanged side can still win a one-way mapping: nothing to copy from it here.
        putIfPresent(snap, m.key(), s);
        continue;
      }
      (loser == Side.A ? writeA : writeB).putAll(m.writeTo(loser, value));
      putIfPresent(snap, m.key(), winner == Side.A ? ca : cb);
      changes.add(new FieldChange(loser, m.key(), loser == Side.A ? ca : cb, value, reason));
    }
    applySets(Side.A, flow.setOnA(), snapshot, snap, writeA, changes);
    applySets(Side.B, flow.setOnB(), snapshot, snap, writeB, changes);
    return new PairDecision(writeA, writeB, snap, changes, conflicts);
  }

  /**
   * The fields to create on the other side of {@code source}'s record, and the snapshot the new
   * link starts with. Only mappings that flow from {@code source} are copied.
   */
  public PairDecision create(Side source, Record record, Flow flow) {
    Side target = source.other();
    Map<String, String> write = new LinkedHashMap<>();
    Map<String, String> snap = new HashMap<>();
    List<FieldChange> changes = new ArrayList<>();
    String reason = "created from " + source.label();
    for (FieldMapping m : mappings.mappings()) {
      if (!m.direction().flowsFrom(source)) {
        continue;
      }
      String value = m.valueInA(source, record);
      if (value == null) {
        continue;
      }
      m.writeTo(target, value)
          .forEach(
              (k, v) -> {
                if (!v.isEmpty()) {
                  write.put(k, v);
                }
              });
      snap.put(m.key(), m.comparison().normalize(value));
      changes.add(new FieldChange(target, m.key(), null, value, reason));
    }
    applySets(target, flow.setOn(target), null, snap, write, changes);
    Map<String, String> none = Map.of();
    return target == Side.A
        ? new PairDecision(write, none, snap, changes, 0)
        : new PairDecision(none, write, snap, changes, 0);
  }

  private Side conflictWinner(Record a, Record b, boolean ab, boolean ba) {
    if (ab != ba) {
      return ab ? Side.A : Side.B;
    }
    return switch (policy) {
      case A_WINS -> Side.A;
      case B_WINS -> Side.B;
      case NEWEST -> {
        if (a == null || b == null) {
          yield a == null ? Side.B : Side.A;
        }
        if (a.modified() != null && b.modified() != null && b.modified().isAfter(a.modified())) {
          yield Side.B;
        }
        yield a.modified() == null && b.modified() != null ? Side.B : Side.A;
      }
    };
  }

  private String conflictReason(Side winner, boolean ab, boolean ba) {
    if (ab != ba) {
      return "conflict: only " + winner.label() + " → " + winner.other().label() + " flows";
    }
    return "conflict: " + policy.id() + " (" + winner.label() + " wins)";
  }

  private static void applySets(
      Side side,
      Map<String, String> sets,
      Map<String, String> oldSnap,
      Map<String, String> snap,
      Map<String, String> write,
      List<FieldChange> changes) {
    sets.forEach(
        (field, value) -> {
          String key = "=" + side.label() + "." + field;
          String before = oldSnap == null ? null : oldSnap.get(key);
          snap.put(key, value);
          if (!value.equals(before)) {
            write.put(field, value);
            changes.add(new FieldChange(side, "=" + field, before, value, "set by rule"));
          }
        });
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
