package dev.tandem.engine;

/**
 * Thrown by a {@link ProgressListener} to stop a run at a safe point: the listener is only called
 * between pages, after a page's writes and its links, snapshots and cursor have been committed, so
 * the next run carries on from there. The run ends with status {@code stopped}.
 */
public final class RunStopped extends RuntimeException {
  public RunStopped(String reason) {
    super(reason, null, false, false);
  }
}
