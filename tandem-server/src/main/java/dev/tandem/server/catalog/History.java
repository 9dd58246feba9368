package dev.tandem.server.catalog;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.store.ActivityEntry;
import dev.tandem.engine.store.HealthEntry;
import dev.tandem.engine.store.HealthState;
import dev.tandem.engine.store.RunRecord;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.SyncKey;
import dev.tandem.server.ServiceException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine recorded about a workspace's connections: runs, record health and activity, read
 * from the state store; and the one change a user makes to them, retrying a failing record now.
 * Checks workspace access through the {@link Catalog} (another workspace's connection is not
 * found).
 */
public final class History {
  private final Catalog catalog;
  private final StateStore store;
  private final Clock clock;

  /** A health entry with the object type it belongs to. */
  public record Health(ObjectType type, HealthEntry entry) {}

  public History(Catalog catalog, StateStore store, Clock clock) {
    this.catalog = catalog;
    this.store = store;
    this.clock = clock;
  }

  /** Runs, newest first. */
  public Page<RunRecord> runs(String workspace, String name, int page, int size) {
    ConnectionView c = catalog.connection(workspace, name);
    int[] p = checkPage(page, size);
    return Page.of(store.runPage(c.id(), (p[0] - 1) * p[1], p[1] + 1), p[0], p[1]);
  }

  /** Activity, newest first. */
  public Page<ActivityEntry> activity(String workspace, String name, int page, int size) {
    ConnectionView c = catalog.connection(workspace, name);
    int[] p = checkPage(page, size);
    return Page.of(store.activity(c.id(), (p[0] - 1) * p[1], p[1] + 1), p[0], p[1]);
  }

  /**
   * Records that are not synced, newest first.
   *
   * @param state only this state (null: all)
   * @param type only this object type (null: every type of the connection)
   */
  public Page<Health> health(
      String workspace, String name, HealthState state, ObjectType type, int page, int size) {
    ConnectionView c = catalog.connection(workspace, name);
    int[] p = checkPage(page, size);
    int offset = (p[0] - 1) * p[1];
    List<Health> merged = new ArrayList<>();
    for (ObjectType t : types(c, type)) {
      // Each type's first offset+size+1 entries hold every entry of the merged page.
      for (HealthEntry e : store.healthPage(new SyncKey(c.id(), t), state, 0, offset + p[1] + 1)) {
        merged.add(new Health(t, e));
      }
    }
    merged.sort(
        Comparator.comparing((Health h) -> h.entry().updatedAt(), Comparator.reverseOrder())
            .thenComparing(h -> h.type().id())
            .thenComparing(h -> h.entry().side())
            .thenComparing(h -> h.entry().id()));
    List<Health> window =
        offset >= merged.size()
            ? List.of()
            : merged.subList(offset, Math.min(merged.size(), offset + p[1] + 1));
    return Page.of(window, p[0], p[1]);
  }

  /** Record counts per state, over the connection's object types. */
  public Map<HealthState, Long> healthCounts(String workspace, String name) {
    ConnectionView c = catalog.connection(workspace, name);
    Map<HealthState, Long> out = new EnumMap<>(HealthState.class);
    for (ObjectType t : types(c, null)) {
      store.healthCounts(new SyncKey(c.id(), t)).forEach((k, v) -> out.merge(k, v, Long::sum));
    }
    return out;
  }

  /**
   * Makes a failing record due for retry now: the next run tries it again whatever its backoff.
   *
   * @param type the record's object type, or null to look in every type of the connection
   * @throws ServiceException 404 when the connection has no health entry for the record
   */
  public Health retry(String workspace, String name, ObjectType type, Side side, String id) {
    ConnectionView c = catalog.connection(workspace, name);
    for (ObjectType t : types(c, type)) {
      SyncKey key = new SyncKey(c.id(), t);
      Optional<HealthEntry> e = store.health(key, side, id);
      if (e.isPresent()) {
        HealthEntry old = e.get();
        HealthEntry now =
            new HealthEntry(
                old.side(),
                old.id(),
                old.state(),
                old.reason(),
                old.attempts(),
                clock.instant(),
                old.updatedAt());
        store.putHealth(key, List.of(now));
        return new Health(t, now);
      }
    }
    throw ServiceException.notFound(
        "connection '"
            + name
            + "' has no health entry for record '"
            + id
            + "' on side "
            + side.label());
  }

  private static List<ObjectType> types(ConnectionView c, ObjectType only) {
    if (only != null) {
      return List.of(only);
    }
    if (c.parsed() != null) {
      return c.parsed().objects().stream().map(ObjectSyncSpec::type).toList();
    }
    List<ObjectType> out = new ArrayList<>();
    Object objects = c.definition().get("objects");
    if (objects instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        ObjectType.parse(k.toString().toLowerCase(Locale.ROOT)).ifPresent(out::add);
      }
    }
    return out;
  }

  private static int[] checkPage(int page, int size) {
    if (page < 1) {
      throw ServiceException.invalid("page must be 1 or more, not " + page);
    }
    if (size < 1 || size > Page.MAX_SIZE) {
      throw ServiceException.invalid(
          "size must be between 1 and " + Page.MAX_SIZE + ", not " + size);
    }
    return new int[] {page, size};
  }
}
