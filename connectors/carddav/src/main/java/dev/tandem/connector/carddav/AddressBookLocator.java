package dev.tandem.connector.carddav;

import static dev.tandem.connector.carddav.Multistatus.CARDDAV;
import static dev.tandem.connector.carddav.Multistatus.DAV;

import dev.tandem.core.spi.ConnectorException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the address book to sync (RFC 6352 §7): the configured URL itself when it is an address
 * book, else {@code current-user-principal} → {@code addressbook-home-set} → the address books in
 * the home, choosing by display name or path when there are several.
 */
final class AddressBookLocator {
  private static final String PROPS =
      "<d:resourcetype/><d:displayname/><d:current-user-principal/><c:addressbook-home-set/>";

  private final DavClient client;

  AddressBookLocator(DavClient client) {
    this.client = client;
  }

  /** One address book found. */
  record Found(URI uri, String displayName) {
    String describe() {
      return (displayName == null || displayName.isBlank() ? "(no name)" : "'" + displayName + "'")
          + " at "
          + uri.getRawPath();
    }
  }

  URI locate(URI start, String wanted) {
    Multistatus.Entry self =
        propfind(start, "0", "discovery").entries.stream().findFirst().orElse(null);
    if (self != null && self.hasResourceType(CARDDAV, "addressbook") && wanted == null) {
      return directory(start);
    }
    Set<String> homes = new LinkedHashSet<>();
    if (self != null) {
      homes.addAll(self.hrefs(CARDDAV, "addressbook-home-set", start));
      if (homes.isEmpty()) {
        for (String principal : self.hrefs(DAV, "current-user-principal", start)) {
          URI p = start.resolve(principal);
          for (Multistatus.Entry e : propfind(p, "0", "principal").entries) {
            homes.addAll(e.hrefs(CARDDAV, "addressbook-home-set", p));
          }
        }
      }
    }
    if (homes.isEmpty()) {
      // Some servers answer neither property at the URL given; look in the URL itself.
      homes.add(start.getRawPath());
    }
    List<Found> books = new ArrayList<>();
    for (String home : homes) {
      URI h = start.resolve(home);
      for (Multistatus.Entry e : propfind(h, "1", "addressbooks").entries) {
        if (e.hasResourceType(CARDDAV, "addressbook")) {
          books.add(new Found(directory(h.resolve(e.path())), e.text(DAV, "displayname")));
        }
      }
    }
    return choose(start, books, wanted);
  }

  private static URI choose(URI start, List<Found> books, String wanted) {
    if (books.isEmpty()) {
      throw new ConnectorException(
          "CardDAV server at " + start + " shows this user no address book", false);
    }
    if (wanted == null) {
      if (books.size() == 1) {
        return books.get(0).uri();
      }
      throw new ConnectorException(
          "CardDAV server at "
              + start
              + " has "
              + books.size()
              + " address books ("
              + String.join(", ", books.stream().map(Found::describe).toList())
              + "); choose one with 'addressbook:' (its name or path)",
          false);
    }
    String w = wanted.strip();
    for (Found f : books) {
      String path = f.uri().getRawPath();
      String trimmed = path.substring(0, path.length() - 1);
      if (w.equalsIgnoreCase(f.displayName() == null ? "" : f.displayName().strip())
          || w.equals(path)
          || w.equals(trimmed)
          || w.equals(trimmed.substring(trimmed.lastIndexOf('/') + 1))) {
        return f.uri();
      }
    }
    throw new ConnectorException(
        "CardDAV server at "
            + start
            + " has no address book named '"
            + wanted
            + "'; found: "
            + String.join(", ", books.stream().map(Found::describe).toList()),
        false);
  }

  private Multistatus propfind(URI uri, String depth, String kind) {
    DavClient.Call call =
        new DavClient.Call(
            "PROPFIND",
            uri,
            kind,
            Map.of("Depth", depth, "Content-Type", "application/xml; charset=utf-8"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<d:propfind xmlns:d=\"DAV:\" xmlns:c=\""
                + CARDDAV
                + "\"><d:prop>"
                + PROPS
                + "</d:prop></d:propfind>");
    DavClient.Response r = client.send(call);
    if (r.status() != 207) {
      throw DavClient.failure(call, r);
    }
    try {
      return Multistatus.parse(r.body(), uri);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          "CardDAV server sent an unreadable answer to PROPFIND " + uri + ": " + e.getMessage(),
          false);
    }
  }

  static URI directory(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? uri : URI.create(s + "/");
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
