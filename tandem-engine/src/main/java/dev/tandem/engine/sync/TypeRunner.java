package dev.tandem.engine.sync;

import dev.tandem.core.spi.Connector;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.Counts;

/**
 * The entry point of the sync package: runs the initial or an incremental sync of one object type.
 */
public final class TypeRunner {
  private final TypeContext ctx;

  /**
   * Reads both apps' schemas and resolves mappings and match keys.
   *
   * @throws dev.tandem.core.spi.ConfigException when the object type's config does not fit the apps
   */
  public TypeRunner(RunEnv env, ObjectSyncSpec spec, Connector a, Connector b, Counts counts) {
    this.ctx = new TypeContext(env, spec, a, b, counts);
  }

  /**
   * Runs the initial sync (also a full resync).
   *
   * @param writeBehind whether the store is written on a thread of its own while this one merges;
   *     false when the caller's transaction must hold every write (a dry run rolls it back)
   */
  public void initial(boolean writeBehind) {
    InitialSync.run(ctx, writeBehind);
  }

  /** Returns how many deletions wait for approval. */
  public int incremental(String cursorA, String cursorB, boolean approveDeletes) {
    return new IncrementalSync(ctx).run(cursorA, cursorB, approveDeletes);
  }

  /**
   * Syncs only the named records (from webhooks), through the incremental sync's merge and write
   * path; returns how many deletions wait for approval.
   */
  public int targeted(java.util.Map<dev.tandem.core.model.Side, java.util.Set<String>> ids) {
    return new IncrementalSync(ctx).runTargeted(ids);
  }
}
