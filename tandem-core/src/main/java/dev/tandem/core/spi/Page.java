package dev.tandem.core.spi;

import dev.tandem.core.model.Record;
import java.util.List;

/**
 * One page of a scan.
 *
 * @param records the records of this page
 * @param nextPageToken the token for the next page, or null on the last page
 * @param problems records of this page that could not be read, with the reason
 * @param cursor on the last page of a connector whose {@link Connector#scanYieldsCursor()} is true:
 *     the change cursor that resumes after this scan; null otherwise
 */
public record Page(
    List<Record> records, String nextPageToken, List<ReadProblem> problems, String cursor) {
  public Page {
    records = List.copyOf(records);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** A page where every record could be read. */
  public Page(List<Record> records, String nextPageToken) {
    this(records, nextPageToken, List.of(), null);
  }

  public Page(List<Record> records, String nextPageToken, List<ReadProblem> problems) {
    this(records, nextPageToken, problems, null);
  }

  public boolean hasMore() {
    return nextPageToken != null;
  }
}
