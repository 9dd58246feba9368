package dev.tandem.server.web;

import java.util.List;

/** The audit trail of a connection, newest first. */
public record ActivityPage(Chrome chrome, ConnectionHeader header, List<Row> rows, Pager pager) {

  /**
   * One thing Tandem did to one record.
   *
   * @param time when, formatted
   * @param type the object type
   * @param side the side written (a or b)
   * @param record the record's native id
   * @param action created, updated, deleted, tagged, linked, conflict
   * @param changes each field's old and new value
   * @param reason why
   * @param run the run that did it
   */
  public record Row(
      String time,
      String type,
      String side,
      String record,
      String action,
      List<Change> changes,
      String reason,
      long run) {}

  /** A field's value before and after; an empty value shows as a dash. */
  public record Change(String field, String from, String to) {}
}
