package dev.tandem.connector.vcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CardParserTest {

  @Test
  void acceptsFoldedLines() throws Exception {
    String text =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nNOTE:a long note that\r\n  continues here\r\nEND:VCARD\r\n";
    assertThat(CardParser.parse(text).getNotes().get(0).getValue())
        .isEqualTo("a long note that continues here");
  }

  @Test
  void toleratesTrailingSpacesBlankLinesAndLowerCase() throws Exception {
    String text = "begin:vcard \r\nVERSION:3.0\r\n\r\nFN:Ada\r\nEND:VCARD  \r\n\r\n";
    assertThat(CardParser.parse(text).getFormattedName().getValue()).isEqualTo("Ada");
  }

  @Test
  void refusesBadUtf8() {
    byte[] head = "BEGIN:VCARD\nVERSION:3.0\nFN:Ren".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[head.length + 1 + 13];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xE9; // Latin-1 'é'
    System.arraycopy(
        "\nEND:VCARD\r\n".getBytes(StandardCharsets.UTF_8), 0, bytes, head.length + 1, 12);
    assertThatThrownBy(() -> CardParser.parse(bytes))
        .isInstanceOf(MalformedCardException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void refusesMissingEnd() {
    assertThatThrownBy(() -> CardParser.parse("BEGIN:VCARD\nVERSION:3.0\nFN:Ada\n"))
        .isInstanceOf(MalformedCardException.class)
        .hasMessageContaining("END:VCARD is missing");
  }

  @Test
  void refusesBrokenFolding() {
    assertThatThrownBy(
            () ->
                CardParser.parse(
                    "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nNOTE:a long note that\ncontinues here\nEND:VCARD\n"))
        .isInstanceOf(MalformedCardException.class)
        .hasMessageContaining("line 5 is not a vCard property (broken line folding?)");
  }

  @Test
  void refusesSeveralCardsAndNonCards() {
    String one = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n";
    assertThatThrownBy(() -> CardParser.parse(one + one)).hasMessageContaining("holds 2 cards");
    assertThatThrownBy(() -> CardParser.parse("hello:world\n"))
        .hasMessageContaining("does not start with BEGIN:VCARD");
    assertThatThrownBy(() -> CardParser.parse("")).hasMessageContaining("empty");
  }

  /**
   * TEL is read with a faster scribe than ez-vcard's own; it must read every form of number as
   * ez-vcard would: plain text, tel: URIs, escaped text and a URI value that is not a tel: URI.
   */
  @Test
  void readsPhoneNumbersAsEzVcardDoes() throws Exception {
    String[] tels = {
      "TEL;TYPE=WORK,VOICE:+1 555 0100",
      "TEL:(020) 7946-0001 ext. 12",
      "TEL;VALUE=uri:tel:+1-555-555-0100;ext=42",
      "TEL;TYPE=cell;VALUE=uri:tel:+1-555-555-0199",
      "TEL:TEL:+44 20 0000",
      "TEL;VALUE=uri:+1 555 0100",
      "TEL:a\\, b\\; c",
      "item1.TEL:+44 20 0000 0000",
      "TEL:",
    };
    for (String version : new String[] {"3.0", "4.0", "2.1"}) {
      for (String tel : tels) {
        String text =
            "BEGIN:VCARD\r\nVERSION:" + version + "\r\nFN:A\r\n" + tel + "\r\nEND:VCARD\r\n";
        ezvcard.VCard ours = CardParser.parse(text);
        ezvcard.VCard theirs;
        java.util.List<ezvcard.io.ParseWarning> theirWarnings;
        try (ezvcard.io.text.VCardReader reader = new ezvcard.io.text.VCardReader(text)) {
          theirs = reader.readNext();
          theirWarnings = reader.getWarnings();
        }
        assertThat(ours.getTelephoneNumbers()).as(version + " " + tel).hasSize(1);
        ezvcard.property.Telephone a = ours.getTelephoneNumbers().get(0);
        ezvcard.property.Telephone b = theirs.getTelephoneNumbers().get(0);
        assertThat(a.getText()).as(version + " " + tel).isEqualTo(b.getText());
        assertThat(a.getUri()).as(version + " " + tel).isEqualTo(b.getUri());
        assertThat(a.getTypes()).as(version + " " + tel).isEqualTo(b.getTypes());
        assertThat(a.getGroup()).as(version + " " + tel).isEqualTo(b.getGroup());
        try (ezvcard.io.text.VCardReader reader = new ezvcard.io.text.VCardReader(text)) {
          reader.registerScribe(new TextTelephoneScribe());
          reader.readNext();
          assertThat(reader.getWarnings().toString())
              .as(version + " " + tel)
              .isEqualTo(theirWarnings.toString());
        }
      }
    }
  }
}
