package dev.tandem.server.web;

import java.util.List;

/** A connection's run history, newest first, and the chart of its last runs. */
public record RunsPage(Chrome chrome, ConnectionHeader header, List<Row> rows, RunChart chart) {

  /**
   * One run.
   *
   * @param records records written (created, updated, deleted on either side)
   * @param read records read
   * @param failed records that failed
   * @param apiCalls API calls on both sides
   * @param error why it failed, or empty
   */
  public record Row(
      long id,
      String kind,
      String status,
      String started,
      String duration,
      long records,
      long read,
      long failed,
      long apiCalls,
      String error) {}
}
