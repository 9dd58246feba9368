package dev.tandem.server.catalog;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the page's items
 * @param page its number, from 1
 * @param size the most items a page holds
 * @param more whether a next page has items
 */
public record Page<T>(List<T> items, int page, int size, boolean more) {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  /**
   * A page from {@code fetched}, which holds up to {@code size + 1} items to tell if more exist.
   */
  public static <T> Page<T> of(List<T> fetched, int page, int size) {
    boolean more = fetched.size() > size;
    return new Page<>(
        more ? List.copyOf(fetched.subList(0, size)) : List.copyOf(fetched), page, size, more);
  }

  public int offset() {
    return (page - 1) * size;
  }
}
