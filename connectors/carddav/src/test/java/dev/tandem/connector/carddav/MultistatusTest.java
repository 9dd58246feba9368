package dev.tandem.connector.carddav;

import static dev.tandem.connector.carddav.Multistatus.CARDDAV;
import static dev.tandem.connector.carddav.Multistatus.DAV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading multistatus answers as the servers we know write them. */
class MultistatusTest {
  static final URI BASE = URI.create("http://dav.example/bench/contacts/");

  static Multistatus parse(String xml) {
    return Multistatus.parse(xml.getBytes(StandardCharsets.UTF_8), BASE);
  }

  /** Radicale: DAV as the default namespace, a short prefix for CardDAV, cards in the answer. */
  @Test
  void readsASyncReportWithCardsAndAToken() {
    Multistatus ms =
        parse(
            "<?xml version='1.0' encoding='utf-8'?>\n"
                + "<multistatus xmlns=\"DAV:\" xmlns:CR=\"urn:ietf:params:xml:ns:carddav\">"
                + "<sync-token>http://radicale.org/ns/sync/abc</sync-token>"
                + "<response><href>/bench/contacts/a%20b.vcf</href><propstat><prop>"
                + "<getetag>\"e1\"</getetag><CR:address-data>BEGIN:VCARD\nFN:Ada &amp; Co"
                + " &lt;x&gt;\nEND:VCARD\n</CR:address-data></prop>"
                + "<status>HTTP/1.1 200 OK</status></propstat></response>"
                + "<response><href>/bench/contacts/gone.vcf</href>"
                + "<status>HTTP/1.1 404 Not Found</status></response>"
                + "</multistatus>");
    assertThat(ms.syncToken).isEqualTo("http://radicale.org/ns/sync/abc");
    assertThat(ms.entries).hasSize(2);
    Multistatus.Entry a = ms.entries.get(0);
    assertThat(a.path()).isEqualTo("/bench/contacts/a%20b.vcf");
    assertThat(a.name()).isEqualTo("a%20b.vcf");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.text(DAV, "getetag")).isEqualTo("\"e1\"");
    assertThat(a.text(CARDDAV, "address-data"))
        .isEqualTo("BEGIN:VCARD\nFN:Ada & Co <x>\nEND:VCARD\n");
    Multistatus.Entry gone = ms.entries.get(1);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.props()).isEmpty();
  }

  /** Prefixed names, CDATA, comments, a 404 propstat next to a 200 one, hrefs inside a property. */
  @Test
  void readsPropertiesResourceTypesAndHrefs() {
    Multistatus ms =
        parse(
            "<d:multistatus xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">"
                + "<!-- a comment --><d:response><d:href> /bench/contacts/ </d:href>"
                + "<d:propstat><d:prop><d:resourcetype><d:collection/><card:addressbook/>"
                + "</d:resourcetype><d:displayname><![CDATA[My <book>]]></d:displayname>"
                + "<card:addressbook-home-set><d:href>/bench/</d:href>"
                + "<d:href>http://other.example/x/</d:href></card:addressbook-home-set>"
                + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
                + "<d:propstat><d:prop><d:getctag/></d:prop>"
                + "<d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>"
                + "</d:response></d:multistatus>");
    Multistatus.Entry e = ms.entries.get(0);
    assertThat(e.path()).isEqualTo("/bench/contacts/");
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.hasResourceType(CARDDAV, "addressbook")).isTrue();
    assertThat(e.hasResourceType(DAV, "collection")).isTrue();
    assertThat(e.hasResourceType(CARDDAV, "calendar")).isFalse();
    assertThat(e.text(DAV, "displayname")).isEqualTo("My <book>");
    assertThat(e.hrefs(CARDDAV, "addressbook-home-set", BASE)).containsExactly("/bench/", "/x/");
    assertThat(e.prop(DAV, "getctag")).isNull();
    assertThat(ms.syncToken).isNull();
  }

  @Test
  void theFirstPropstatGivesTheStatusWhenTheResponseHasNone() {
    Multistatus ms =
        parse(
            "<multistatus xmlns=\"DAV:\"><response><href>x.vcf</href>"
                + "<propstat><prop><getetag/></prop><status>HTTP/1.1 403 Forbidden</status>"
                + "</propstat></response><response><href>y.vcf</href></response></multistatus>");
    assertThat(ms.entries.get(0).status()).isEqualTo(403);
    assertThat(ms.entries.get(0).path()).isEqualTo("/bench/contacts/x.vcf");
    assertThat(ms.entries.get(1).status()).isEqualTo(200);
  }

  @Test
  void refusesOtherDocumentsDtdsAndBrokenXml() {
    assertThatThrownBy(() -> parse("<error xmlns=\"DAV:\"/>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a DAV:multistatus");
    assertThatThrownBy(
            () ->
                parse(
                    "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x \"boom\">]>"
                        + "<multistatus xmlns=\"DAV:\"><sync-token>&x;</sync-token></multistatus>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be parsed");
    assertThatThrownBy(() -> parse("<multistatus xmlns=\"DAV:\"><response>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be parsed");
    assertThatThrownBy(() -> parse("not xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be parsed");
  }

  @Test
  void findsAPreconditionInAnErrorBody() {
    byte[] body =
        ("<?xml version=\"1.0\"?><D:error xmlns:D=\"DAV:\"><D:valid-sync-token/></D:error>")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Multistatus.namesPrecondition(body, DAV, "valid-sync-token")).isTrue();
    assertThat(Multistatus.namesPrecondition(body, DAV, "supported-report")).isFalse();
    assertThat(Multistatus.namesPrecondition("oops".getBytes(), DAV, "x")).isFalse();
    assertThat(Multistatus.namesPrecondition(new byte[0], DAV, "x")).isFalse();
  }
}
