package dev.tandem.server.web;

/**
 * Previous/next links of a paged list.
 *
 * @param page the 1-based page shown
 * @param prevUrl the previous page's URL, or null on the first page
 * @param nextUrl the next page's URL, or null on the last page
 */
public record Pager(int page, String prevUrl, String nextUrl) {

  /**
   * A pager for a list fetched with one row more than a page, so the next page's existence is known
   * without counting.
   *
   * @param base the URL without the page parameter, ending in {@code ?} or {@code &}
   */
  public static Pager of(int page, boolean more, String base) {
    return new Pager(
        page,
        page > 1 ? base + "page=" + (page - 1) : null,
        more ? base + "page=" + (page + 1) : null);
  }

  public boolean single() {
    return prevUrl == null && nextUrl == null;
  }
}
