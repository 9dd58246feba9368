package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import dev.tandem.core.sync.DeletePolicy;
import dev.tandem.engine.store.ActivityEntry;
import dev.tandem.engine.store.HealthEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.Link;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the connection's deletion policy to records deleted on one side: forget the link ({@code
 * ignore}), delete the other record ({@code propagate}, within the mass-delete guard), or tag it
 * ({@code tag}).
 */
final class DeletionHandler {
  private final TypeContext ctx;

  DeletionHandler(TypeContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @return the number of deletions that wait for approval (then nothing was applied), or 0
   */
  int handle(Side side, Collection<String> deletedIds, ChangeSet otherChanges, boolean approved) {
    if (deletedIds.isEmpty()) {
      return 0;
    }
    List<String> ids = List.copyOf(deletedIds);
    Map<String, Link> links = new java.util.LinkedHashMap<>(ctx.store.links(ctx.key, side, ids));
    Side other = side.other();
    // The counterpart's own entry in its change feed is usually our last write coming back; it must
    // not be created again on the side it was deleted from. An edit made there since the last sync
    // wins over the deletion: the record is kept and only unlinked.
    List<HealthEntry> kept = new ArrayList<>();
    for (Link l : List.copyOf(links.values())) {
      dev.tandem.core.model.Record counterpart = otherChanges.changed.remove(otherId(l, other));
      if (counterpart != null && editedSince(other, counterpart, l)) {
        links.remove(side == Side.A ? l.aId() : l.bId());
        kept.add(
            new HealthEntry(
                other,
                counterpart.id(),
                HealthState.EXCLUDED,
                "its linked record was deleted in "
                    + side.label()
                    + ", but it was edited since, so it is kept and no longer linked",
                0,
                null,
                ctx.clock.instant()));
        ctx.counts.excluded(other, counterpart.id());
      }
    }
    DeletePolicy policy = ctx.spec.deletes();
    if (policy == DeletePolicy.PROPAGATE
        && !approved
        && ctx.spec.deleteGuard().trips(links.size(), ctx.store.countLinks(ctx.key))) {
      return links.size();
    }
    List<ActivityEntry> activity = new ArrayList<>();
    List<HealthEntry> health = new ArrayList<>(kept);
    Set<String> otherGone = new LinkedHashSet<>();
    switch (policy) {
      case IGNORE ->
          links
              .values()
              .forEach(
                  l ->
                      activity.add(
                          entry(
                              other,
                              otherId(l, other),
                              "kept",
                              "deleted in "
                                  + side.label()
                                  + "; kept in "
                                  + other.label()
                                  + " (deletes: ignore)")));
      case PROPAGATE -> propagate(side, links.values(), activity, health, otherGone);
      case TAG -> tag(side, links.values(), activity, health);
    }
    ctx.store.inTransaction(
        () -> {
          ctx.store.removeLinks(ctx.key, side, ids);
          ctx.store.removeIndex(ctx.key, side, ids);
          ctx.store.removeHealth(ctx.key, side, ids);
          if (!otherGone.isEmpty()) {
            ctx.store.removeIndex(ctx.key, other, otherGone);
            ctx.store.removeHealth(ctx.key, other, otherGone);
          }
          if (!health.isEmpty()) {
            ctx.store.putHealth(ctx.key, health);
          }
          if (!activity.isEmpty()) {
            ctx.store.addActivity(activity);
          }
        });
    return 0;
  }

  private void propagate(
      Side side,
      Collection<Link> links,
      List<ActivityEntry> activity,
      List<HealthEntry> health,
      Set<String> gone) {
    Side other = side.other();
    List<Link> list = List.copyOf(links);
    List<WriteOp> ops = new ArrayList<>();
    for (Link l : list) {
      ops.add(WriteOp.delete(otherId(l, other), other == Side.A ? l.aVersion() : l.bVersion()));
    }
    List<WriteResult> results = ctx.writeAll(other, ops);
    for (int i = 0; i < list.size(); i++) {
      String id = otherId(list.get(i), other);
      WriteResult r = results.get(i);
      if (!r.succeeded() && r.error().kind() == WriteError.Kind.VERSION_MISMATCH) {
        health.add(
            new HealthEntry(
                other,
                id,
                HealthState.EXCLUDED,
                "its linked record was deleted in "
                    + side.label()
                    + ", but it was edited since, so it is kept and no longer linked",
                0,
                null,
                ctx.clock.instant()));
        ctx.counts.excluded(other, id);
      } else if (r.succeeded() || r.error().kind() == WriteError.Kind.NOT_FOUND) {
        gone.add(id);
        ctx.counts.deleted(other);
        activity.add(
            entry(other, id, "deleted", "deleted in " + side.label() + " (deletes: propagate)"));
      } else {
        health.add(
            new HealthEntry(
                other,
                id,
                HealthState.FAILING,
                "its linked record was deleted in "
                    + side.label()
                    + ", but deleting it failed: "
                    + r.error().message(),
                1,
                null,
                ctx.clock.instant()));
        ctx.counts.fail();
      }
    }
  }

  private void tag(
      Side side, Collection<Link> links, List<ActivityEntry> activity, List<HealthEntry> health) {
    Side other = side.other();
    Optional<String> tagsField =
        ctx.schema(other).byCanonical("tags").filter(f -> !f.readOnly()).map(FieldDef::name);
    List<String> otherIds = links.stream().map(l -> otherId(l, other)).toList();
    if (tagsField.isEmpty()) {
      Instant now = ctx.clock.instant();
      for (String id : otherIds) {
        health.add(
            new HealthEntry(
                other,
                id,
                HealthState.EXCLUDED,
                "its linked record was deleted in "
                    + side.label()
                    + " ("
                    + other.label()
                    + " has no tags field to mark it)",
                0,
                null,
                now));
        ctx.counts.excluded(other, id);
      }
      return;
    }
    List<Record> records = new ArrayList<>(ctx.readAll(other, otherIds).values());
    List<WriteOp> ops = new ArrayList<>();
    for (Record r : records) {
      String tags = r.get(tagsField.get());
      String updated =
          tags == null ? DeletePolicy.DELETED_TAG : tags + ";" + DeletePolicy.DELETED_TAG;
      ops.add(WriteOp.update(r.id(), Map.of(tagsField.get(), updated), r.version()));
    }
    List<WriteResult> results = ctx.writeAll(other, ops);
    for (int i = 0; i < records.size(); i++) {
      String id = records.get(i).id();
      if (results.get(i).succeeded()) {
        ctx.counts.updated(other);
        activity.add(
            entry(
                other,
                id,
                "tagged",
                "deleted in "
                    + side.label()
                    + "; tagged "
                    + DeletePolicy.DELETED_TAG
                    + " (deletes: tag)"));
      } else {
        health.add(
            new HealthEntry(
                other,
                id,
                HealthState.FAILING,
                "could not tag it after its linked record was deleted in "
                    + side.label()
                    + ": "
                    + results.get(i).error().message(),
                1,
                null,
                ctx.clock.instant()));
        ctx.counts.fail();
      }
    }
  }

  /**
   * Whether a record changed since the last sync: by its version where the app has versions (our
   * own write came back with the version we stored), else by its mapped values.
   */
  private boolean editedSince(Side side, dev.tandem.core.model.Record record, Link link) {
    String known = side == Side.A ? link.aVersion() : link.bVersion();
    if (known != null && record.version() != null) {
      return !known.equals(record.version());
    }
    Map<String, String> now = ctx.mappings.compared(side, record);
    for (var m : ctx.mappings.mappings()) {
      if (!java.util.Objects.equals(now.get(m.key()), link.snapshot().get(m.key()))) {
        return true;
      }
    }
    return false;
  }

  private static String otherId(Link l, Side other) {
    return other == Side.A ? l.aId() : l.bId();
  }

  private ActivityEntry entry(Side side, String id, String action, String reason) {
    return new ActivityEntry(
        ctx.runId,
        ctx.key.connection(),
        ctx.type(),
        side,
        id,
        action,
        Map.of(),
        reason,
        ctx.clock.instant());
  }
}
