package dev.tandem.connector.carddav;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A WebDAV {@code multistatus} body (RFC 4918 §14.16): one {@link Entry} per {@code response}, plus
 * the {@code sync-token} of a {@code sync-collection} report (RFC 6578).
 */
final class Multistatus {
  static final String DAV = "DAV:";
  static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";

  /**
   * One {@code response}.
   *
   * @param path the member's absolute path, percent-encoded as the server sent it
   * @param status the response's own status, or, when it has none, that of its first propstat
   * @param props the properties found (status 200), keyed by {@code namespace + local name}
   */
  record Entry(String path, int status, Map<String, Element> props) {
    Element prop(String ns, String local) {
      return props.get(ns + local);
    }

    String text(String ns, String local) {
      Element e = prop(ns, local);
      return e == null ? null : e.getTextContent();
    }

    /** The first {@code DAV:href} inside a property, resolved against the request. */
    List<String> hrefs(String ns, String local, URI base) {
      List<String> out = new ArrayList<>();
      Element e = prop(ns, local);
      if (e != null) {
        for (Element h : children(e, DAV, "href")) {
          out.add(base.resolve(h.getTextContent().trim()).getRawPath());
        }
      }
      return out;
    }

    boolean hasResourceType(String ns, String local) {
      Element e = prop(DAV, "resourcetype");
      return e != null && !children(e, ns, local).isEmpty();
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
    Document doc = parseXml(body);
    Element root = doc.getDocumentElement();
    if (!DAV.equals(root.getNamespaceURI()) || !"multistatus".equals(root.getLocalName())) {
      throw new IllegalArgumentException("expected a DAV:multistatus, got " + root.getTagName());
    }
    List<Entry> entries = new ArrayList<>();
    for (Element r : children(root, DAV, "response")) {
      List<Element> hrefs = children(r, DAV, "href");
      if (hrefs.isEmpty()) {
        continue;
      }
      String path = base.resolve(hrefs.get(0).getTextContent().trim()).getRawPath();
      int status = -1;
      for (Element s : children(r, DAV, "status")) {
        status = statusCode(s.getTextContent());
      }
      Map<String, Element> props = new LinkedHashMap<>();
      for (Element ps : children(r, DAV, "propstat")) {
        int psStatus = 200;
        for (Element s : children(ps, DAV, "status")) {
          psStatus = statusCode(s.getTextContent());
        }
        if (status == -1) {
          status = psStatus;
        }
        if (psStatus / 100 != 2) {
          continue;
        }
        for (Element prop : children(ps, DAV, "prop")) {
          for (Node n = prop.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
              props.put(nsOf(e) + e.getLocalName(), e);
            }
          }
        }
      }
      entries.add(new Entry(path, status == -1 ? 200 : status, props));
    }
    String token = null;
    for (Element t : children(root, DAV, "sync-token")) {
      token = t.getTextContent().trim();
    }
    return new Multistatus(entries, token);
  }

  /** Whether an error body ({@code DAV:error}) names the given precondition. */
  static boolean namesPrecondition(byte[] body, String ns, String local) {
    try {
      Element root = parseXml(body).getDocumentElement();
      return !children(root, ns, local).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Document parseXml(byte[] body) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(body));
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "the server sent XML that cannot be parsed: " + e.getMessage(), e);
    }
  }

  static List<Element> children(Element parent, String ns, String local) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ns.equals(nsOf(e)) && local.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String nsOf(Element e) {
    return e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
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
