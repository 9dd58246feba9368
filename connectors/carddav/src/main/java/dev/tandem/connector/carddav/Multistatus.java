package dev.tandem.connector.carddav;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A WebDAV {@code multistatus} body (RFC 4918 §14.16): one {@link Entry} per {@code response}, plus
 * the {@code sync-token} of a {@code sync-collection} report (RFC 6578).
 *
 * <p>Read in one streaming pass (StAX) rather than as a DOM tree: a sync-collection report carrying
 * every card of a large address book is megabytes of XML. Documents with a DTD are refused, as no
 * WebDAV server needs one and entity declarations are an attack vector.
 */
final class Multistatus {
  static final String DAV = "DAV:";
  static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";

  private static final XMLInputFactory XML = factory();

  /**
   * One property's content.
   *
   * @param text all the text inside it, as DOM's {@code getTextContent} gives it
   * @param children its direct child elements, as {@code namespace + local name}
   * @param hrefs the text of its direct {@code DAV:href} children
   */
  record Prop(String text, List<String> children, List<String> hrefs) {}

  /**
   * One {@code response}.
   *
   * @param path the member's absolute path, percent-encoded as the server sent it
   * @param status the response's own status, or, when it has none, that of its first propstat
   * @param props the properties found (status 2xx), keyed by {@code namespace + local name}
   */
  record Entry(String path, int status, Map<String, Prop> props) {
    Prop prop(String ns, String local) {
      return props.get(ns + local);
    }

    String text(String ns, String local) {
      Prop p = prop(ns, local);
      return p == null ? null : p.text();
    }

    /** The {@code DAV:href}s inside a property, resolved against the request. */
    List<String> hrefs(String ns, String local, URI base) {
      List<String> out = new ArrayList<>();
      Prop p = prop(ns, local);
      if (p != null) {
        for (String h : p.hrefs()) {
          out.add(base.resolve(h.trim()).getRawPath());
        }
      }
      return out;
    }

    boolean hasResourceType(String ns, String local) {
      Prop p = prop(DAV, "resourcetype");
      return p != null && p.children().contains(ns + local);
    }

    /** The resource name: the last segment of the path. */
    String name() {
      String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      return p.substring(p.lastIndexOf('/') + 1);
    }
  }

  final List<Entry> entries;
  final String syncToken;

  private Multistatus(List<Entry> entries, String syncToken) {
    this.entries = entries;
    this.syncToken = syncToken;
  }

  static Multistatus parse(byte[] body, URI base) {
    XMLStreamReader r = open(body);
    try {
      if (!is(r, DAV, "multistatus")) {
        throw new IllegalArgumentException(
            "expected a DAV:multistatus, got " + r.getName().getLocalPart());
      }
      List<Entry> entries = new ArrayList<>();
      String token = null;
      while (nextChild(r)) {
        if (is(r, DAV, "response")) {
          Entry e = response(r, base);
          if (e != null) {
            entries.add(e);
          }
        } else if (is(r, DAV, "sync-token")) {
          token = text(r).trim();
        } else {
          skip(r);
        }
      }
      return new Multistatus(entries, token);
    } catch (XMLStreamException e) {
      throw unreadable(e);
    } finally {
      close(r);
    }
  }

  /** Whether an error body ({@code DAV:error}) names the given precondition. */
  static boolean namesPrecondition(byte[] body, String ns, String local) {
    try {
      XMLStreamReader r = open(body);
      try {
        while (nextChild(r)) {
          if (is(r, ns, local)) {
            return true;
          }
          skip(r);
        }
        return false;
      } finally {
        close(r);
      }
    } catch (XMLStreamException | RuntimeException e) {
      return false;
    }
  }

  /** One {@code response}, or null when it names no resource. */
  private static Entry response(XMLStreamReader r, URI base) throws XMLStreamException {
    String href = null;
    int status = -1;
    List<Integer> propstatStatuses = new ArrayList<>();
    Map<String, Prop> props = new LinkedHashMap<>();
    while (nextChild(r)) {
      if (is(r, DAV, "href")) {
        String h = text(r);
        if (href == null) {
          href = h.trim();
        }
      } else if (is(r, DAV, "status")) {
        status = statusCode(text(r));
      } else if (is(r, DAV, "propstat")) {
        propstatStatuses.add(propstat(r, props));
      } else {
        skip(r);
      }
    }
    if (href == null) {
      return null;
    }
    for (int s : propstatStatuses) {
      if (status == -1) {
        status = s;
      }
    }
    return new Entry(base.resolve(href).getRawPath(), status == -1 ? 200 : status, props);
  }

  /** Reads a {@code propstat}; adds its properties to {@code into} when its status is 2xx. */
  private static int propstat(XMLStreamReader r, Map<String, Prop> into) throws XMLStreamException {
    int status = 200;
    Map<String, Prop> found = new LinkedHashMap<>();
    while (nextChild(r)) {
      if (is(r, DAV, "status")) {
        status = statusCode(text(r));
      } else if (is(r, DAV, "prop")) {
        while (nextChild(r)) {
          String key = ns(r) + r.getLocalName();
          found.put(key, prop(r));
        }
      } else {
        skip(r);
      }
    }
    if (status / 100 == 2) {
      into.putAll(found);
    }
    return status;
  }

  /** Reads one property element, from its start to its end. */
  private static Prop prop(XMLStreamReader r) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    List<String> children = new ArrayList<>();
    List<String> hrefs = new ArrayList<>();
    StringBuilder href = null;
    int depth = 0;
    while (true) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          depth++;
          if (depth == 1) {
            children.add(ns(r) + r.getLocalName());
            href = is(r, DAV, "href") ? new StringBuilder() : null;
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          if (depth == 0) {
            return new Prop(text.toString(), children, hrefs);
          }
          if (depth == 1 && href != null) {
            hrefs.add(href.toString());
            href = null;
          }
          depth--;
        }
        case XMLStreamConstants.CHARACTERS,
            XMLStreamConstants.CDATA,
            XMLStreamConstants.SPACE,
            XMLStreamConstants.ENTITY_REFERENCE -> {
          text.append(r.getText());
          if (href != null) {
            href.append(r.getText());
          }
        }
        case XMLStreamConstants.DTD -> throw new XMLStreamException("a DTD is not allowed");
        case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("unexpected end");
        default -> {
          // comments and processing instructions hold no content
        }
      }
    }
  }

  /**
   * Moves to the next child element of the current element; false (at the parent's end tag) when
   * there is none.
   */
  private static boolean nextChild(XMLStreamReader r) throws XMLStreamException {
    while (true) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        return true;
      }
      if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
        return false;
      }
      if (event == XMLStreamConstants.DTD) {
        throw new XMLStreamException("a DTD is not allowed");
      }
    }
  }

  /** The text inside the current element (of any child elements too); ends on its end tag. */
  private static String text(XMLStreamReader r) throws XMLStreamException {
    return prop(r).text();
  }

  /** Skips the current element and everything in it. */
  private static void skip(XMLStreamReader r) throws XMLStreamException {
    prop(r);
  }

  private static boolean is(XMLStreamReader r, String ns, String local) {
    return local.equals(r.getLocalName()) && ns.equals(ns(r));
  }

  private static String ns(XMLStreamReader r) {
    String ns = r.getNamespaceURI();
    return ns == null ? "" : ns;
  }

  /** A reader positioned on the root element. */
  private static XMLStreamReader open(byte[] body) {
    try {
      XMLStreamReader r = XML.createXMLStreamReader(new ByteArrayInputStream(body));
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          return r;
        }
        if (event == XMLStreamConstants.DTD) {
          throw new XMLStreamException("a DTD is not allowed");
        }
      }
      throw new XMLStreamException("no root element");
    } catch (XMLStreamException e) {
      throw unreadable(e);
    }
  }

  private static void close(XMLStreamReader r) {
    try {
      r.close();
    } catch (XMLStreamException ignored) {
      // a reader over a byte array holds nothing to release
    }
  }

  private static IllegalArgumentException unreadable(XMLStreamException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ").strip();
    return new IllegalArgumentException("the server sent XML that cannot be parsed: " + message, e);
  }

  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return f;
  }

  private static int statusCode(String statusLine) {
    String[] parts = statusLine.trim().split("\\s+");
    try {
      return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
