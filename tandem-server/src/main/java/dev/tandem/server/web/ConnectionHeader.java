package dev.tandem.server.web;

/**
 * The title block of a connection's pages.
 *
 * @param id the connection's id in URLs
 * @param name its name
 * @param appA side A's account and app type, e.g. {@code crm (hubspot)}
 * @param appB side B's account and app type
 * @param tab which of the connection's pages is shown: {@code editor}, {@code health}, {@code
 *     activity}, {@code runs}
 */
public record ConnectionHeader(String id, String name, String appA, String appB, String tab) {
  public ConnectionHeader withTab(String newTab) {
    return new ConnectionHeader(id, name, appA, appB, newTab);
  }
}
