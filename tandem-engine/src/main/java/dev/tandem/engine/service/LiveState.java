package dev.tandem.engine.service;

/** What a connection is doing right now, as the dashboard and API show it. */
public enum LiveState {
  /** The initial sync is running: both apps are being read in full. */
  SCANNING,
  /** An incremental or targeted run is in progress. */
  SYNCING,
  /** Between runs: waiting for the next poll or a webhook. */
  LISTENING,
  /** Paused by a user, or by the engine until an app's daily quota resets. */
  PAUSED,
  /** The last run could not complete; the detail says why. The next run retries. */
  FAILING;

  /** The lower-case name used in JSON and the dashboard. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
