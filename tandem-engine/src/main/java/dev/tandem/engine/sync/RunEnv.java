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
 */
public record RunEnv(
    String connection, long runId, StateStore store, Clock clock, ProgressListener progress) {}
