package dev.tandem.core.spi;

import dev.tandem.core.model.Record;
import java.util.List;

/**
 * One page of changes since a cursor.
 *
 * @param changed records created or modified since the cursor
 * @param deleted ids of records deleted since the cursor (empty when the app cannot say)
 * @param nextCursor where the next call resumes; after the last page, where the next run resumes
 * @param hasMore whether another page follows in this run
 * @param complete whether the pages together list every record that exists, so that a linked id
 *     absent from them has been deleted
 * @param problems changed records that could not be read, with the reason; a record listed here is
 *     neither changed nor deleted (and, when {@code complete}, must not be taken for deleted)
 */
public record Changes(
    List<Record> changed,
    List<String> deleted,
    String nextCursor,
    boolean hasMore,
    boolean complete,
    List<ReadProblem> problems) {
  public Changes {
    changed = List.copyOf(changed);
    deleted = List.copyOf(deleted);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** Changes where every record could be read. */
  public Changes(
      List<Record> changed,
      List<String> deleted,
      String nextCursor,
      boolean hasMore,
      boolean complete) {
    this(changed, deleted, nextCursor, hasMore, complete, List.of());
  }
}
