package dev.tandem.engine;

/**
 * How to run a sync.
 *
 * @param dryRun compute and report the plan, write nothing to the apps or the store
 * @param full scan both sides completely (as the initial sync does) instead of reading changes
 * @param approveDeletes let deletions beyond the mass-delete guard through, and resume a connection
 *     paused for them
 */
public record RunOptions(boolean dryRun, boolean full, boolean approveDeletes) {
  public static final RunOptions DEFAULT = new RunOptions(false, false, false);
}
