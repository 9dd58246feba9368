package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.engine.store.HealthEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.IndexEntry;
import dev.tandem.engine.store.Link;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incremental sync: read B's changes, then A's, since their cursors; add records due for a
 * retry; apply deletions by policy; merge changed linked pairs against their snapshot (an unchanged
 * counterpart is not read: the snapshot says what it holds); match or create unlinked records;
 * store the new cursors last. A change already applied (our own write coming back) equals the
 * snapshot and writes nothing, so a run after a converged run makes zero write calls.
 */
final class IncrementalSync {
  private static final Logger log = LoggerFactory.getLogger(IncrementalSync.class);
  private static final int CHUNK = 1000;
  private final TypeContext ctx;
  private final PageApplier applier;
  private final Matcher matcher;

  IncrementalSync(TypeContext ctx) {
    this.ctx = ctx;
    this.matcher = new Matcher(ctx);
    this.applier = new PageApplier(ctx, true, matcher);
  }

  /** Returns how many deletions wait for approval (their side's cursor is then not advanced). */
  int run(String cursorA, String cursorB, boolean approveDeletes) {
    new IntentRecovery(ctx, applier).run();
    ChangeReader reader = new ChangeReader(ctx);
    // A's first page is asked for while B's changes are read: most of a short run's wall time is
    // waiting for the apps, and the two waits need not add up.
    ChangeReader.FirstPage firstA = reader.askAhead(Side.A, cursorA);
    // A full listing must be kept whole (a missing id is a deletion); change feeds can drop echoes.
    ChangeSet b;
    try {
      b =
          reader.read(
              Side.B,
              cursorB,
              ctx.b.capabilities().changes() != Capabilities.ChangeMode.FULL_LISTING);
    } catch (RuntimeException | Error e) {
      firstA.settle();
      throw e;
    }
    ChangeSet a =
        reader.read(
            Side.A,
            cursorA,
            ctx.a.capabilities().changes() != Capabilities.ChangeMode.FULL_LISTING,
            firstA);
    int waiting = 0;
    boolean advanceA = true;
    boolean advanceB = true;
    for (Side side : Side.values()) {
      ChangeSet set = side == Side.A ? a : b;
      if (set.complete) {
        inferDeletions(side, set);
      }
      int n =
          new DeletionHandler(ctx)
              .handle(side, set.deleted, side == Side.A ? b : a, approveDeletes);
      if (n > 0) {
        waiting += n;
        log.warn(
            "{}: {} records were deleted in {}; more than the mass-delete guard allows, so none is deleted until approved",
            ctx.key,
            n,
            side.label());
        if (side == Side.A) {
          advanceA = false;
        } else {
          advanceB = false;
        }
      }
    }
    addRetries(a, b);
    mergeAndMatch(a, b);
    boolean putA = advanceA;
    boolean putB = advanceB;
    ctx.store.inTransaction(
        () -> {
          if (putA) {
            ctx.store.putCursor(ctx.key, Side.A, a.nextCursor);
          }
          if (putB) {
            ctx.store.putCursor(ctx.key, Side.B, b.nextCursor);
          }
        });
    return waiting;
  }

  /**
   * A targeted run: the records an app's webhooks named, read now (only their current state counts,
   * so late, repeated or out-of-order deliveries are harmless) and applied like changes of an
   * incremental run; ids that read back missing were deleted. Cursors are left alone: the next
   * incremental run reads these changes again and finds them converged (echoes, no writes).
   *
   * @param ids per side, the native ids to look at
   * @return how many deletions wait for approval
   */
  int runTargeted(Map<Side, Set<String>> ids) {
    new IntentRecovery(ctx, applier).run();
    ChangeSet a = new ChangeSet();
    ChangeSet b = new ChangeSet();
    for (Side side : Side.values()) {
      List<String> wanted = List.copyOf(ids.getOrDefault(side, Set.of()));
      if (wanted.isEmpty()) {
        continue;
      }
      ChangeSet set = side == Side.A ? a : b;
      Map<String, Record> found = ctx.readAll(side, wanted);
      ctx.counts.read(found.size());
      for (String id : wanted) {
        Record r = found.get(id);
        if (r == null) {
          set.delete(id);
        } else {
          set.add(r);
        }
      }
    }
    int waiting = 0;
    for (Side side : Side.values()) {
      ChangeSet set = side == Side.A ? a : b;
      waiting += new DeletionHandler(ctx).handle(side, set.deleted, side == Side.A ? b : a, false);
    }
    mergeAndMatch(a, b);
    return waiting;
  }

  private void mergeAndMatch(ChangeSet a, ChangeSet b) {
    Map<String, Link> linksA = ctx.store.links(ctx.key, Side.A, a.changed.keySet());
    Map<String, Link> linksB = ctx.store.links(ctx.key, Side.B, b.changed.keySet());
    List<Work> pairs = new ArrayList<>();
    Set<String> pairedB = new HashSet<>();
    List<IndexEntry> keysA = new ArrayList<>();
    List<IndexEntry> keysB = new ArrayList<>();
    for (Record r : a.changed.values()) {
      Link l = linksA.get(r.id());
      if (l != null) {
        Record other = b.changed.get(l.bId());
        if (other == null && ctx.isEcho(Side.A, r, l)) {
          continue;
        }
        pairs.add(new Work.LinkedPair(l, r, other));
        pairedB.add(l.bId());
        keysA.add(new IndexEntry(r.id(), ctx.keyer.key(Side.A, r), null));
      }
    }
    for (Record r : b.changed.values()) {
      Link l = linksB.get(r.id());
      if (l != null) {
        if (!pairedB.contains(r.id()) && ctx.isEcho(Side.B, r, l)) {
          continue;
        }
        if (!pairedB.contains(r.id())) {
          pairs.add(new Work.LinkedPair(l, null, r));
        }
        keysB.add(new IndexEntry(r.id(), ctx.keyer.key(Side.B, r), null));
      }
    }
    readOutOfScopeCounterparts(pairs);
    List<Record> unlinkedA =
        a.changed.values().stream().filter(r -> !linksA.containsKey(r.id())).toList();
    List<Record> unlinkedB =
        b.changed.values().stream().filter(r -> !linksB.containsKey(r.id())).toList();
    // Index every changed record first, so that records created on both sides since the last run
    // find each other instead of being created twice.
    ctx.store.inTransaction(
        () -> {
          ctx.store.putIndex(ctx.key, Side.A, keysA);
          ctx.store.putIndex(ctx.key, Side.B, keysB);
          ctx.store.putIndex(
              ctx.key,
              Side.A,
              unlinkedA.stream()
                  .map(r -> new IndexEntry(r.id(), ctx.keyer.key(Side.A, r), r))
                  .toList());
          ctx.store.putIndex(
              ctx.key,
              Side.B,
              unlinkedB.stream()
                  .map(r -> new IndexEntry(r.id(), ctx.keyer.key(Side.B, r), r))
                  .toList());
        });
    ctx.progress.phase(
        ctx.type().id() + ": merging", pairs.size() + unlinkedA.size() + unlinkedB.size());
    for (int from = 0; from < pairs.size(); from += CHUNK) {
      List<Work> chunk = pairs.subList(from, Math.min(pairs.size(), from + CHUNK));
      applier.apply(chunk);
      ctx.progress.advance(chunk.size());
    }
    matchAll(Side.A, unlinkedA);
    matchAll(Side.B, unlinkedB);
  }

  /**
   * A counterpart that was out of scope at the last sync is read: the change may bring it back in
   * scope, and then its own values (kept back while it was out) must flow too.
   */
  private void readOutOfScopeCounterparts(List<Work> pairs) {
    for (Side side : Side.values()) {
      String flag = side == Side.A ? Snapshots.SCOPE_A : Snapshots.SCOPE_B;
      List<String> ids = new ArrayList<>();
      for (Work w : pairs) {
        Work.LinkedPair p = (Work.LinkedPair) w;
        Record r = side == Side.A ? p.a() : p.b();
        if (r == null && "out".equals(p.link().snapshot().get(flag))) {
          ids.add(side == Side.A ? p.link().aId() : p.link().bId());
        }
      }
      if (ids.isEmpty()) {
        continue;
      }
      Map<String, Record> found = ctx.readAll(side, ids);
      pairs.replaceAll(
          w -> {
            Work.LinkedPair p = (Work.LinkedPair) w;
            Record r = found.get(side == Side.A ? p.link().aId() : p.link().bId());
            if (r == null || (side == Side.A ? p.a() : p.b()) != null) {
              return p;
            }
            return side == Side.A
                ? new Work.LinkedPair(p.link(), r, p.b())
                : new Work.LinkedPair(p.link(), p.a(), r);
          });
    }
  }

  private void matchAll(Side side, List<Record> records) {
    for (int from = 0; from < records.size(); from += CHUNK) {
      List<Record> chunk = records.subList(from, Math.min(records.size(), from + CHUNK));
      Matcher.Outcome outcome = matcher.classify(side, chunk, true);
      if (!outcome.health.isEmpty()) {
        ctx.store.inTransaction(() -> ctx.store.putHealth(ctx.key, outcome.health));
      }
      applier.apply(outcome.works);
      ctx.progress.advance(chunk.size());
    }
  }

  /** A complete listing that lacks a linked id means the record was deleted. */
  private void inferDeletions(Side side, ChangeSet set) {
    String after = null;
    while (true) {
      List<Link> page = ctx.store.linkPage(ctx.key, after, CHUNK);
      if (page.isEmpty()) {
        break;
      }
      after = page.get(page.size() - 1).aId();
      for (Link l : page) {
        String id = side == Side.A ? l.aId() : l.bId();
        if (!set.changed.containsKey(id) && !set.unreadable.contains(id)) {
          set.deleted.add(id);
        }
      }
    }
    List<String> stale = new ArrayList<>();
    String afterId = null;
    while (true) {
      List<IndexEntry> page = ctx.store.unlinkedPage(ctx.key, side, afterId, CHUNK);
      if (page.isEmpty()) {
        break;
      }
      afterId = page.get(page.size() - 1).id();
      page.stream()
          .filter(e -> !set.changed.containsKey(e.id()) && !set.unreadable.contains(e.id()))
          .forEach(e -> stale.add(e.id()));
    }
    if (!stale.isEmpty()) {
      ctx.store.inTransaction(
          () -> {
            ctx.store.removeIndex(ctx.key, side, stale);
            ctx.store.removeHealth(ctx.key, side, stale);
          });
    }
  }

  /**
   * Failing records whose backoff is over are read again and merged as if they had changed; records
   * reported as duplicates are looked at again from the index (no API call), since resolving one
   * duplicate frees the other.
   */
  private void addRetries(ChangeSet a, ChangeSet b) {
    List<HealthEntry> due = ctx.store.dueRetries(ctx.key, ctx.clock.instant());
    for (Side side : Side.values()) {
      ChangeSet mine = side == Side.A ? a : b;
      ChangeSet theirs = side == Side.A ? b : a;
      List<String> ids =
          due.stream()
              .filter(h -> h.side() == side)
              .map(HealthEntry::id)
              .filter(id -> !mine.changed.containsKey(id) && !mine.deleted.contains(id))
              .distinct()
              .toList();
      if (ids.isEmpty()) {
        continue;
      }
      Map<String, Record> found = ctx.readAll(side, ids);
      ids.forEach(
          id -> {
            Record r = found.get(id);
            if (r == null) {
              mine.delete(id);
            } else {
              mine.add(r);
            }
          });
      Map<String, Link> links = ctx.store.links(ctx.key, side, ids);
      List<String> counterparts =
          links.values().stream()
              .map(l -> side == Side.A ? l.bId() : l.aId())
              .filter(id -> !theirs.changed.containsKey(id))
              .toList();
      ctx.readAll(side.other(), counterparts).values().forEach(theirs::add);
    }
    List<HealthEntry> duplicates = ctx.store.healthPage(ctx.key, HealthState.DUPLICATE, 0, CHUNK);
    for (Side side : Side.values()) {
      ChangeSet mine = side == Side.A ? a : b;
      List<String> ids =
          duplicates.stream()
              .filter(h -> h.side() == side && !mine.changed.containsKey(h.id()))
              .map(HealthEntry::id)
              .toList();
      ctx.store.indexById(ctx.key, side, ids).values().stream()
          .filter(e -> e.record() != null)
          .forEach(e -> mine.add(e.record()));
    }
  }
}
