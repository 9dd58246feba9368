package dev.tandem.server.web;

import java.util.List;

/** The list of the workspace's connections with their live state. */
public record ConnectionsPage(Chrome chrome, List<Row> rows) {

  /**
   * One connection.
   *
   * @param id its id in URLs
   * @param name its name
   * @param appA side A's account and app type
   * @param appB side B's account and app type
   * @param state the live state's label: scanning, syncing, listening, paused, failing
   * @param detail why it is paused or failing, or null
   * @param lastRun when the last run finished, formatted, or "never"
   * @param nextRun when the next run is due, formatted, or "—"
   * @param counts what the last run did, in words ("2 created, 1 updated"), or empty
   * @param failing how many records are failing now (shown as a link to them)
   */
  public record Row(
      String id,
      String name,
      String appA,
      String appB,
      String state,
      String detail,
      String lastRun,
      String nextRun,
      String counts,
      long failing) {

    public boolean paused() {
      return "paused".equals(state);
    }

    /** Whether a run is in progress, so "Sync now" would only queue one more. */
    public boolean running() {
      return "scanning".equals(state) || "syncing".equals(state);
    }
  }
}
