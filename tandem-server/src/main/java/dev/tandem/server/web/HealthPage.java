package dev.tandem.server.web;

import java.util.List;

/**
 * Records of a connection by sync state, with the reason for each one that is not synced.
 *
 * @param type the object type shown, or empty for all
 * @param types the connection's object types (tabs)
 * @param state the state filtered on, or empty for every state that has entries
 * @param counts per state, in the order of {@code STATES}
 * @param rows the page of entries
 */
public record HealthPage(
    Chrome chrome,
    ConnectionHeader header,
    String type,
    List<String> types,
    String state,
    List<Count> counts,
    List<Row> rows,
    Pager pager,
    String notice) {

  /** The states a filter can pick. */
  public static final List<String> STATES =
      List.of("synced", "excluded", "duplicate", "failing", "pending");

  /** How many records are in a state. */
  public record Count(String state, long count) {}

  /**
   * One record that is not (yet) in sync.
   *
   * @param type the record's object type
   * @param side a or b
   * @param id the record's native id
   * @param label its match key (email, domain, name) when known, else empty
   * @param reason why, in words
   * @param attempts failed attempts so far
   * @param nextAttempt when it is tried again, formatted, or empty
   * @param updated when the entry was written, formatted
   */
  public record Row(
      String type,
      String side,
      String id,
      String label,
      String state,
      String reason,
      int attempts,
      String nextAttempt,
      String updated) {
    public boolean retryable() {
      return "failing".equals(state);
    }
  }
}
