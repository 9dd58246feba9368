package dev.tandem.engine.sync;

import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.store.StateStore;
import java.time.Clock;

/**
 * What every object type of one run shares.
 *
 * @param connection the connection's name
 * @param runId the stored run
 * @param store the state store
 * @param clock the time source
 * @param progress where progress goes
 * @param onePass up to how many records of A an initial sync reads before it matches them: when
 *     that is all of A, its creates are decided with its matches, in one pass ({@link #ONE_PASS};
 *     tests set 0 to take the path of a larger A)
 */
public record RunEnv(
    String connection,
    long runId,
    StateStore store,
    Clock clock,
    ProgressListener progress,
    int onePass) {

  /** An address book or a small CRM fits; a larger A is matched a write batch at a time. */
  public static final int ONE_PASS = 5_000;
}
