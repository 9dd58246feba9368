package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.engine.store.HealthEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.IndexEntry;
import dev.tandem.engine.store.Link;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what to do with unlinked records of one side: match them with a record of the other side
 * by match key, create them there, or report them (no key, duplicate key, out of scope). Reads the
 * store's index; never calls an app, except to fetch an unlinked counterpart the index lost.
 */
final class Matcher {
  private final TypeContext ctx;

  /**
   * Records matched in this run that later pages must not match again. A match that is linked is
   * remembered only until the store has committed its link (with a {@link WriteBehindStore} the
   * last pages' links are still on their way, and reads see committed data only), so that a million
   * matches do not stay in memory for the run; one that was not linked ({@link #notLinked}) for the
   * whole run.
   */
  private final Set<String> matchedA = new HashSet<>();

  private final Set<String> matchedB = new HashSet<>();
  private final Set<String> notLinkedA = new HashSet<>();
  private final Set<String> notLinkedB = new HashSet<>();
  private final ArrayDeque<Matches> recent = new ArrayDeque<>();

  /** The records one call matched, and the last store task their links can be in (once known). */
  private static final class Matches {
    final List<String> a = new ArrayList<>();
    final List<String> b = new ArrayList<>();
    long writtenBy = -1;
  }

  Matcher(TypeContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Starts a call: the previous call's links have all been handed to the store by now (its works
   * are applied before the next page is classified), so the last task queued is the last they can
   * be in; calls whose links are committed are forgotten.
   */
  private Matches startCall() {
    WriteBehindStore behind = ctx.store instanceof WriteBehindStore w ? w : null;
    Matches last = recent.peekLast();
    if (last != null && last.writtenBy < 0) {
      last.writtenBy = behind == null ? 0 : behind.submitted();
    }
    while (!recent.isEmpty()
        && (behind == null || behind.committedThrough(recent.peekFirst().writtenBy))) {
      Matches done = recent.removeFirst();
      done.a.forEach(id -> forget(id, matchedA, notLinkedA));
      done.b.forEach(id -> forget(id, matchedB, notLinkedB));
    }
    Matches now = new Matches();
    recent.addLast(now);
    return now;
  }

  private static void forget(String id, Set<String> matched, Set<String> notLinked) {
    if (!notLinked.contains(id)) {
      matched.remove(id);
    }
  }

  /** What a batch of unlinked records needs. */
  static final class Outcome {
    final List<Work> works = new ArrayList<>();
    final List<HealthEntry> health = new ArrayList<>();
    final List<IndexEntry> index = new ArrayList<>();
  }

  /**
   * Classifies unlinked records of {@code side}, and indexes them (with their record, so that they
   * can be created later without reading them again).
   *
   * @param create whether a record with no counterpart becomes a create now (false in the initial
   *     sync's scan of A, which creates only once every record has been seen)
   */
  Outcome classify(Side side, List<Record> records, boolean create) {
    // In match-only mode a record without a counterpart is left for the create phase, which
    // reports what cannot be created; reporting here too would only repeat it.
    Matches matches = startCall();
    Outcome out = new Outcome();
    Side other = side.other();
    Map<String, List<Record>> byKey = new LinkedHashMap<>();
    Map<String, String> keys = new HashMap<>();
    Set<String> alreadyMatched = side == Side.A ? matchedA : matchedB;
    for (Record r : records) {
      if (alreadyMatched.contains(r.id())) {
        continue;
      }
      String k = ctx.keyer.key(side, r);
      keys.put(r.id(), k);
      out.index.add(new IndexEntry(r.id(), k, r));
      if (k == null) {
        if (!create) {
          continue;
        }
        out.health.add(
            health(
                side,
                r.id(),
                HealthState.EXCLUDED,
                "has no "
                    + ctx.keyer.describe()
                    + " to match on, so it is not synced (it could duplicate)"));
        ctx.counts.excluded(side, r.id());
      } else {
        byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
      }
    }
    if (byKey.isEmpty()) {
      return out;
    }
    Map<String, List<IndexEntry>> opposite =
        ctx.store.indexByMatchKey(ctx.key, other, byKey.keySet());
    // Other records of this side with the same key matter only where something is decided now: a
    // create, or a match. Without a create, a key with no counterpart is left for later, so its
    // records need not be looked up (half the lookups of an initial sync's scan of A).
    Map<String, List<String>> same =
        ctx.store.idsByMatchKey(ctx.key, side, create ? byKey.keySet() : opposite.keySet());
    Set<String> oppositeIds = new HashSet<>();
    opposite.values().forEach(l -> l.forEach(e -> oppositeIds.add(e.id())));
    Map<String, Link> oppositeLinks = ctx.store.links(ctx.key, other, oppositeIds);
    for (Map.Entry<String, List<Record>> group : byKey.entrySet()) {
      String k = group.getKey();
      Set<String> sameIds = new HashSet<>();
      group.getValue().forEach(r -> sameIds.add(r.id()));
      sameIds.addAll(same.getOrDefault(k, List.of()));
      if (sameIds.size() > 1) {
        if (!create && opposite.getOrDefault(k, List.of()).isEmpty()) {
          continue;
        }
        for (Record r : group.getValue()) {
          out.health.add(
              health(
                  side,
                  r.id(),
                  HealthState.DUPLICATE,
                  ctx.keyer.describe()
                      + " '"
                      + k
                      + "' is shared by "
                      + sameIds.size()
                      + " records in "
                      + side.label()
                      + " ("
                      + String.join(", ", new java.util.TreeSet<>(sameIds))
                      + "); resolve the duplicate to sync them"));
          ctx.counts.duplicate(side, r.id());
        }
        continue;
      }
      Record r = group.getValue().get(0);
      List<IndexEntry> candidates = opposite.getOrDefault(k, List.of());
      if (candidates.size() > 1) {
        out.health.add(
            health(
                side,
                r.id(),
                HealthState.DUPLICATE,
                "matches "
                    + candidates.size()
                    + " records in "
                    + other.label()
                    + " by "
                    + ctx.keyer.describe()
                    + " '"
                    + k
                    + "'"));
        ctx.counts.duplicate(side, r.id());
      } else if (candidates.size() == 1) {
        IndexEntry match = candidates.get(0);
        Link taken = oppositeLinks.get(match.id());
        boolean usedThisRun = (other == Side.A ? matchedA : matchedB).contains(match.id());
        if ((taken != null && !Objects.equals(side == Side.A ? taken.aId() : taken.bId(), r.id()))
            || usedThisRun) {
          out.health.add(
              health(
                  side,
                  r.id(),
                  HealthState.DUPLICATE,
                  other.label()
                      + " record "
                      + match.id()
                      + " with "
                      + ctx.keyer.describe()
                      + " '"
                      + k
                      + "' is already linked to another record"));
          ctx.counts.duplicate(side, r.id());
          continue;
        }
        Record counterpart = match.record() != null ? match.record() : read(other, match.id());
        if (counterpart == null) {
          continue;
        }
        Record a = side == Side.A ? r : counterpart;
        Record b = side == Side.A ? counterpart : r;
        if (matchedA.add(a.id())) {
          matches.a.add(a.id());
        }
        if (matchedB.add(b.id())) {
          matches.b.add(b.id());
        }
        out.works.add(
            side == Side.A
                ? new Work.NewMatch(r, counterpart, k, true)
                : new Work.NewMatch(counterpart, r, k, true));
      } else if (create) {
        var decision = ctx.decide(side, r);
        if (decision.inScope()) {
          out.works.add(new Work.Create(side, r, k));
        } else {
          out.health.add(health(side, r.id(), HealthState.EXCLUDED, decision.reason()));
          ctx.counts.excluded(side, r.id());
        }
      }
    }
    return out;
  }

  private Record read(Side side, String id) {
    List<Record> got = ctx.connector(side).read(ctx.type(), List.of(id));
    return got.isEmpty() ? null : got.get(0);
  }

  /**
   * A match of this run that ended without a link (out of scope, or a write failed): it stays
   * remembered for the run, as no link will keep its records from being matched again.
   */
  void notLinked(Work.NewMatch m) {
    notLinkedA.add(m.a().id());
    notLinkedB.add(m.b().id());
    matchedA.add(m.a().id());
    matchedB.add(m.b().id());
  }

  /** How many matched records it remembers (both sides), for tests of its memory's bound. */
  int remembered() {
    return matchedA.size() + matchedB.size();
  }

  private HealthEntry health(Side side, String id, HealthState state, String reason) {
    Instant now = ctx.clock.instant();
    return new HealthEntry(side, id, state, reason, 0, null, now);
  }
}
