package dev.tandem.core.spi;

import dev.tandem.core.model.Record;
import java.util.List;

/**
 * One page of a scan.
 *
 * @param records the records of this page
 * @param nextPageToken the token for the next page, or null on the last page
 */
public record Page(List<Record> records, String nextPageToken) {
  public Page {
    records = List.copyOf(records);
  }

  public boolean hasMore() {
    return nextPageToken != null;
  }
}
