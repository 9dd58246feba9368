package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import dev.tandem.core.sync.FieldChange;
import dev.tandem.core.sync.PairDecision;
import dev.tandem.core.sync.PairPlanner.Flow;
import dev.tandem.engine.store.ActivityEntry;
import dev.tandem.engine.store.HealthEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.IndexEntry;
import dev.tandem.engine.store.Intent;
import dev.tandem.engine.store.Link;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one page of work: decides every item (pure), stores create intents, sends the writes in
 * batches, then commits links, snapshots, health, index and activity of the page in one
 * transaction. A failing item never stops the others: it becomes a {@code failing} health entry and
 * is retried on a later run.
 */
final class PageApplier {
  private final TypeContext ctx;
  private final boolean intentsAhead;
  private final Matcher matcher;

  /**
   * @param intentsAhead whether a create's intent is stored (and committed) before the create is
   *     sent. False only while no run after a crash could be anything but an initial sync, which
   *     indexes what was created before the crash and matches it by key before creating anything
   *     (see {@link InitialSync}); a create whose answer is lost (a transient failure) still leaves
   *     an intent, stored with the page, for the runs that follow.
   * @param matcher told of every new match that ends the page without a link (out of scope, or a
   *     write failed), so that it keeps the pair out of later pages of the run: for these there is
   *     no link in the store to do that
   */
  PageApplier(TypeContext ctx, boolean intentsAhead, Matcher matcher) {
    this.ctx = ctx;
    this.intentsAhead = intentsAhead;
    this.matcher = matcher;
  }

  /** One decided item and what happened to its writes. */
  private static final class Item {
    final Work work;
    final Flow flow;
    final PairDecision decision;
    final WriteResult[] results = new WriteResult[2];
    final boolean[] sent = new boolean[2];

    Item(Work work, Flow flow, PairDecision decision) {
      this.work = work;
      this.flow = flow;
      this.decision = decision;
    }
  }

  private final class Commit {
    final List<Link> links = new ArrayList<>();
    final Map<Side, List<String>> synced =
        Map.of(Side.A, new ArrayList<>(), Side.B, new ArrayList<>());
    final List<HealthEntry> health = new ArrayList<>();
    final Map<Side, List<IndexEntry>> index =
        Map.of(Side.A, new ArrayList<>(), Side.B, new ArrayList<>());
    final Map<Side, List<String>> doneIntents =
        Map.of(Side.A, new ArrayList<>(), Side.B, new ArrayList<>());
    final List<Intent> unconfirmed = new ArrayList<>();
    final Map<Side, List<String>> unlink =
        Map.of(Side.A, new ArrayList<>(), Side.B, new ArrayList<>());
    final List<ActivityEntry> activity = new ArrayList<>();
    final List<Work> followUps = new ArrayList<>();
  }

  void apply(List<Work> works) {
    apply(works, true, null);
  }

  /**
   * Applies {@code works}, and stores what {@code alsoStore} stores in the same transaction as the
   * page's links: one commit per page instead of two.
   */
  void apply(List<Work> works, Runnable alsoStore) {
    apply(works, true, alsoStore);
  }

  private void apply(List<Work> works, boolean allowFollowUps, Runnable alsoStore) {
    if (works.isEmpty()) {
      if (alsoStore != null) {
        ctx.store.inTransaction(alsoStore);
      }
      return;
    }
    List<Item> items = new ArrayList<>();
    Commit commit = new Commit();
    for (Work w : works) {
      decide(w, items, commit);
    }
    storeIntents(items);
    for (Side side : Side.values()) {
      send(side, items);
    }
    for (Item item : items) {
      settle(item, commit);
    }
    ctx.store.inTransaction(
        () -> {
          if (alsoStore != null) {
            alsoStore.run();
          }
          save(commit);
        });
    if (allowFollowUps && !commit.followUps.isEmpty()) {
      apply(commit.followUps, false, null);
    }
  }

  private void decide(Work w, List<Item> items, Commit commit) {
    if (w instanceof Work.LinkedPair p) {
      Flow flow = ctx.flow(p.a(), p.b(), p.link().snapshot());
      noteScope(flow, p.link().aId(), p.link().bId(), p.a(), p.b(), commit);
      if (!flow.aToB() && !flow.bToA()) {
        commit.links.add(
            withSnapshot(
                p.link(),
                Snapshots.complete(p.link().snapshot(), p.link().snapshot(), flow, p.a(), p.b()),
                p.a(),
                p.b(),
                null,
                null));
        return;
      }
      items.add(decided(w, p.a(), p.b(), p.link().snapshot()));
    } else if (w instanceof Work.NewMatch m) {
      Flow flow = ctx.flow(m.a(), m.b(), null);
      if (!flow.aToB() && !flow.bToA()) {
        noteScope(flow, m.a().id(), m.b().id(), m.a(), m.b(), commit);
        matcher.notLinked(m);
        return;
      }
      items.add(decided(w, m.a(), m.b(), null));
    } else if (w instanceof Work.Create c) {
      Flow flow =
          ctx.flow(
              c.source() == Side.A ? c.record() : null,
              c.source() == Side.B ? c.record() : null,
              null);
      items.add(new Item(w, flow, ctx.planner.create(c.source(), c.record(), flow)));
    }
  }

  /**
   * Merges a pair. Our own writes can move a record in or out of scope (a rule on a field that
   * syncs), so it decides again with the scope the records will have after the writes, until that
   * settles.
   */
  private Item decided(Work w, Record a, Record b, Map<String, String> snapshot) {
    Flow flow = ctx.flow(a, b, snapshot);
    PairDecision d = ctx.planner.merge(a, b, snapshot, flow);
    for (int i = 0; i < 3; i++) {
      Flow after = ctx.flow(applied(a, d.writeA()), applied(b, d.writeB()), snapshot);
      if (after.equals(flow)) {
        break;
      }
      flow = after;
      d = ctx.planner.merge(a, b, snapshot, flow);
    }
    return new Item(w, flow, d);
  }

  /** The record as it will be after {@code writes}; null stays null (the side was not read). */
  private static Record applied(Record r, Map<String, String> writes) {
    if (r == null || writes.isEmpty()) {
      return r;
    }
    Map<String, String> fields = new HashMap<>(r.fields());
    writes.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            fields.remove(k);
          } else {
            fields.put(k, v);
          }
        });
    return new Record(r.id(), fields, r.modified(), r.version());
  }

  /** Records on a side that is out of scope are shown as excluded, even while linked. */
  private void noteScope(Flow flow, String aId, String bId, Record a, Record b, Commit commit) {
    Instant now = ctx.clock.instant();
    if (a != null && !flow.aToB()) {
      commit.health.add(
          new HealthEntry(
              Side.A, aId, HealthState.EXCLUDED, ctx.decide(Side.A, a).reason(), 0, null, now));
      ctx.counts.excluded(Side.A, aId);
    }
    if (b != null && !flow.bToA()) {
      commit.health.add(
          new HealthEntry(
              Side.B, bId, HealthState.EXCLUDED, ctx.decide(Side.B, b).reason(), 0, null, now));
      ctx.counts.excluded(Side.B, bId);
    }
  }

  private void storeIntents(List<Item> items) {
    if (!intentsAhead) {
      return;
    }
    List<Intent> intents = new ArrayList<>();
    Instant now = ctx.clock.instant();
    for (Item item : items) {
      if (item.work instanceof Work.Create c) {
        intents.add(new Intent(c.source().other(), c.record().id(), c.matchKey(), now));
      }
    }
    if (!intents.isEmpty()) {
      ctx.store.putIntents(ctx.key, intents);
    }
  }

  private void send(Side side, List<Item> items) {
    List<WriteOp> ops = new ArrayList<>();
    List<Item> owners = new ArrayList<>();
    for (Item item : items) {
      op(side, item)
          .ifPresent(
              op -> {
                ops.add(op);
                owners.add(item);
              });
    }
    List<WriteResult> results = ctx.writeAll(side, ops);
    for (int i = 0; i < ops.size(); i++) {
      Item owner = owners.get(i);
      owner.sent[side.ordinal()] = true;
      owner.results[side.ordinal()] = results.get(i);
    }
  }

  private Optional<WriteOp> op(Side side, Item item) {
    Map<String, String> fields = item.decision.writes(side);
    if (item.work instanceof Work.Create c) {
      return c.source() == side ? Optional.empty() : Optional.of(WriteOp.create(fields));
    }
    if (item.work instanceof Work.LinkedPair p) {
      if (fields.isEmpty()) {
        return Optional.empty();
      }
      Record current = side == Side.A ? p.a() : p.b();
      String version =
          current != null
              ? current.version()
              : (side == Side.A ? p.link().aVersion() : p.link().bVersion());
      return Optional.of(
          WriteOp.update(side == Side.A ? p.link().aId() : p.link().bId(), fields, version));
    }
    Work.NewMatch m = (Work.NewMatch) item.work;
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Record current = side == Side.A ? m.a() : m.b();
    return Optional.of(WriteOp.update(current.id(), fields, current.version()));
  }

  private void settle(Item item, Commit commit) {
    if (item.work instanceof Work.LinkedPair p) {
      settlePair(item, p, commit);
    } else if (item.work instanceof Work.NewMatch m) {
      settleMatch(item, m, commit);
    } else if (item.work instanceof Work.Create c) {
      settleCreate(item, c, commit);
    }
  }

  private void settlePair(Item item, Work.LinkedPair p, Commit commit) {
    Link link = p.link();
    Map<String, String> snapshot =
        Snapshots.complete(item.decision.snapshot(), link.snapshot(), item.flow, p.a(), p.b());
    boolean allOk = true;
    for (Side side : Side.values()) {
      WriteResult r = item.results[side.ordinal()];
      if (r == null || r.succeeded()) {
        continue;
      }
      allOk = false;
      String id = side == Side.A ? link.aId() : link.bId();
      switch (r.error().kind()) {
        case VERSION_MISMATCH -> {
          Record fresh = reread(side, id);
          if (fresh == null) {
            counterpartGone(side, link, commit);
            return;
          }
          commit.followUps.add(
              new Work.LinkedPair(
                  link, side == Side.A ? fresh : p.a(), side == Side.B ? fresh : p.b()));
          return;
        }
        case NOT_FOUND -> {
          counterpartGone(side, link, commit);
          return;
        }
        default -> {
          failing(
              side, id, "could not update in " + side.label() + ": " + r.error().message(), commit);
          // Keep the old value of what did not arrive, so the change is sent again on retry.
          revert(snapshot, link.snapshot(), item.decision.changes(), side);
        }
      }
    }
    Link updated = withSnapshot(link, snapshot, p.a(), p.b(), item.results[0], item.results[1]);
    if (!updated.snapshot().equals(link.snapshot()) || !versionsEqual(updated, link)) {
      commit.links.add(updated);
    }
    if (allOk) {
      markSynced(item.flow, link.aId(), link.bId(), commit);
    }
    record(item, link.aId(), link.bId(), commit);
  }

  private void settleMatch(Item item, Work.NewMatch m, Commit commit) {
    for (Side side : Side.values()) {
      WriteResult r = item.results[side.ordinal()];
      if (r != null && !r.succeeded()) {
        // A first merge that half-failed is not linked: the next attempt merges afresh.
        Record rec = side == Side.A ? m.a() : m.b();
        failing(
            side,
            rec.id(),
            "could not merge into " + side.label() + ": " + r.error().message(),
            commit);
        matcher.notLinked(m);
        return;
      }
    }
    Map<String, String> snapshot =
        Snapshots.complete(item.decision.snapshot(), null, item.flow, m.a(), m.b());
    commit.links.add(
        new Link(
            m.a().id(),
            m.b().id(),
            snapshot,
            version(m.a(), item.results[0]),
            version(m.b(), item.results[1]),
            ctx.clock.instant()));
    if (!m.indexed()) {
      commit.index.get(Side.A).add(new IndexEntry(m.a().id(), m.matchKey(), null));
      commit.index.get(Side.B).add(new IndexEntry(m.b().id(), m.matchKey(), null));
    }
    ctx.counts.linked();
    ctx.counts.conflicts(item.decision.conflicts());
    markSynced(item.flow, m.a().id(), m.b().id(), commit);
    String matched = "matched by " + ctx.keyer.describe();
    if (item.decision.writesNothing()) {
      // One line per pair, not per side: an initial sync of a million pairs writes a million rows.
      commit.activity.add(
          activity(Side.A, m.a().id(), "linked", Map.of(), matched + " with b " + m.b().id()));
    }
    record(item, m.a().id(), m.b().id(), matched + "; ", commit);
  }

  private void settleCreate(Item item, Work.Create c, Commit commit) {
    Side target = c.source().other();
    WriteResult r = item.results[target.ordinal()];
    String sourceId = c.record().id();
    if (r == null) {
      return;
    }
    if (!r.succeeded()) {
      WriteError e = r.error();
      if (e.kind() == WriteError.Kind.ALREADY_EXISTS && e.existingId() != null) {
        done(target, sourceId, commit);
        Record existing = reread(target, e.existingId());
        if (existing != null) {
          commit.followUps.add(
              target == Side.B
                  ? new Work.NewMatch(c.record(), existing, c.matchKey(), false)
                  : new Work.NewMatch(existing, c.record(), c.matchKey(), false));
          return;
        }
      }
      if (e.kind() != WriteError.Kind.TRANSIENT) {
        // The app refused it, so nothing was created: no intent to resolve later.
        done(target, sourceId, commit);
      } else if (!intentsAhead) {
        // The create may have happened: later runs look for it before creating again.
        commit.unconfirmed.add(new Intent(target, sourceId, c.matchKey(), ctx.clock.instant()));
      }
      failing(
          c.source(),
          sourceId,
          "could not create in " + target.label() + ": " + e.message(),
          commit);
      return;
    }
    String newId = r.id();
    Map<String, String> snapshot =
        Snapshots.complete(
            item.decision.snapshot(),
            null,
            item.flow,
            c.source() == Side.A ? c.record() : null,
            c.source() == Side.B ? c.record() : null);
    String aId = c.source() == Side.A ? sourceId : newId;
    String bId = c.source() == Side.B ? sourceId : newId;
    String aVersion = c.source() == Side.A ? c.record().version() : r.version();
    String bVersion = c.source() == Side.B ? c.record().version() : r.version();
    commit.links.add(new Link(aId, bId, snapshot, aVersion, bVersion, ctx.clock.instant()));
    commit.index.get(target).add(new IndexEntry(newId, c.matchKey(), null));
    done(target, sourceId, commit);
    markSynced(item.flow, aId, bId, commit);
    ctx.counts.created(target);
    commit.activity.add(
        activity(
            target,
            newId,
            "created",
            changesFor(item.decision, target),
            "created from " + c.source().label() + " " + sourceId));
  }

  /** The create of {@code sourceId} is settled: its intent, if one was stored ahead, goes. */
  private void done(Side target, String sourceId, Commit commit) {
    if (intentsAhead) {
      commit.doneIntents.get(target).add(sourceId);
    }
  }

  private void record(Item item, String aId, String bId, Commit commit) {
    record(item, aId, bId, "", commit);
  }

  private void record(Item item, String aId, String bId, String why, Commit commit) {
    for (Side side : Side.values()) {
      WriteResult r = item.results[side.ordinal()];
      if (r != null && r.succeeded()) {
        ctx.counts.updated(side);
        boolean conflict =
            item.decision.changes().stream()
                .anyMatch(ch -> ch.target() == side && ch.reason().startsWith("conflict"));
        commit.activity.add(
            activity(
                side,
                side == Side.A ? aId : bId,
                conflict ? "conflict" : "updated",
                changesFor(item.decision, side),
                why + reasons(item.decision, side)));
      }
    }
    if (item.work instanceof Work.LinkedPair) {
      ctx.counts.conflicts(item.decision.conflicts());
    }
  }

  private void counterpartGone(Side side, Link link, Commit commit) {
    commit.unlink.get(Side.A).add(link.aId());
    String survivor = side == Side.A ? link.bId() : link.aId();
    commit.health.add(
        new HealthEntry(
            side.other(),
            survivor,
            HealthState.EXCLUDED,
            "its linked record in " + side.label() + " no longer exists",
            0,
            null,
            ctx.clock.instant()));
    ctx.counts.excluded(side.other(), survivor);
  }

  private Record reread(Side side, String id) {
    List<Record> got = ctx.connector(side).read(ctx.type(), List.of(id));
    return got.isEmpty() ? null : got.get(0);
  }

  private void failing(Side side, String id, String reason, Commit commit) {
    int attempts =
        ctx.store
                .health(ctx.key, side, id)
                .filter(h -> h.state() == HealthState.FAILING)
                .map(HealthEntry::attempts)
                .orElse(0)
            + 1;
    Instant now = ctx.clock.instant();
    commit.health.add(
        new HealthEntry(
            side, id, HealthState.FAILING, reason, attempts, now.plus(backoff(attempts)), now));
    ctx.counts.fail();
  }

  /** 1 min, 4 min, 16 min, … up to 6 h: a record the app keeps refusing costs few calls. */
  static Duration backoff(int attempts) {
    long minutes = (long) Math.min(360, Math.pow(4, Math.min(attempts - 1, 6)));
    return Duration.ofMinutes(minutes);
  }

  private void markSynced(Flow flow, String aId, String bId, Commit commit) {
    if (flow.aToB()) {
      commit.synced.get(Side.A).add(aId);
    }
    if (flow.bToA()) {
      commit.synced.get(Side.B).add(bId);
    }
  }

  private static void revert(
      Map<String, String> snapshot,
      Map<String, String> old,
      List<FieldChange> changes,
      Side failed) {
    for (FieldChange ch : changes) {
      if (ch.target() == failed) {
        String key =
            ch.key().startsWith("=")
                ? "=" + failed.label() + "." + ch.key().substring(1)
                : ch.key();
        String before = old == null ? null : old.get(key);
        if (before == null) {
          snapshot.remove(key);
        } else {
          snapshot.put(key, before);
        }
      }
    }
  }

  private Link withSnapshot(
      Link link, Map<String, String> snapshot, Record a, Record b, WriteResult ra, WriteResult rb) {
    String av =
        ra != null && ra.succeeded() && ra.version() != null
            ? ra.version()
            : (a != null ? a.version() : link.aVersion());
    String bv =
        rb != null && rb.succeeded() && rb.version() != null
            ? rb.version()
            : (b != null ? b.version() : link.bVersion());
    return new Link(link.aId(), link.bId(), snapshot, av, bv, ctx.clock.instant());
  }

  private static boolean versionsEqual(Link x, Link y) {
    return java.util.Objects.equals(x.aVersion(), y.aVersion())
        && java.util.Objects.equals(x.bVersion(), y.bVersion());
  }

  private static String version(Record r, WriteResult result) {
    return result != null && result.succeeded() && result.version() != null
        ? result.version()
        : r.version();
  }

  private static Map<String, List<String>> changesFor(PairDecision d, Side side) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (FieldChange ch : d.changes()) {
      if (ch.target() == side) {
        out.put(ch.key(), java.util.Arrays.asList(ch.from(), ch.to()));
      }
    }
    return out;
  }

  private static String reasons(PairDecision d, Side side) {
    return d.changes().stream()
        .filter(ch -> ch.target() == side)
        .map(FieldChange::reason)
        .distinct()
        .reduce((x, y) -> x + "; " + y)
        .orElse("");
  }

  private ActivityEntry activity(
      Side side, String id, String action, Map<String, List<String>> changes, String reason) {
    return new ActivityEntry(
        ctx.runId,
        ctx.key.connection(),
        ctx.type(),
        side,
        id,
        action,
        changes,
        reason,
        ctx.clock.instant());
  }

  private void save(Commit c) {
    if (!c.links.isEmpty()) {
      ctx.store.putLinks(ctx.key, c.links);
    }
    for (Side side : Side.values()) {
      if (!c.unlink.get(side).isEmpty()) {
        ctx.store.removeLinks(ctx.key, side, c.unlink.get(side));
      }
      if (!c.synced.get(side).isEmpty()) {
        ctx.store.removeHealth(ctx.key, side, c.synced.get(side));
      }
      if (!c.index.get(side).isEmpty()) {
        ctx.store.putIndex(ctx.key, side, c.index.get(side));
      }
      if (!c.doneIntents.get(side).isEmpty()) {
        ctx.store.removeIntents(ctx.key, side, c.doneIntents.get(side));
      }
    }
    if (!c.unconfirmed.isEmpty()) {
      ctx.store.putIntents(ctx.key, c.unconfirmed);
    }
    if (!c.health.isEmpty()) {
      ctx.store.putHealth(ctx.key, c.health);
    }
    if (!c.activity.isEmpty()) {
      ctx.store.addActivity(c.activity);
    }
  }
}
