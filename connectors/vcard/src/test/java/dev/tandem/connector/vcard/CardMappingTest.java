package dev.tandem.connector.vcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CardMappingTest {
  static final String PHOTO_B64 =
      Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, -1, 0, 42, 7});

  static final String V3 =
      String.join(
          "\r\n",
          "BEGIN:VCARD",
          "VERSION:3.0",
          "UID:abc-123",
          "FN:Ada Lovelace",
          "N:Lovelace;Ada;Augusta;Lady;",
          "EMAIL;TYPE=INTERNET,HOME:ada@home.example",
          "EMAIL;TYPE=INTERNET,WORK,PREF:ada@work.example",
          "TEL;TYPE=CELL:+44 7700 900001",
          "TEL;TYPE=WORK,VOICE:+44 20 7946 0001",
          "TEL;TYPE=FAX:+44 20 7946 0002",
          "ORG:Analytical Engines Ltd;Research",
          "TITLE:Mathematician",
          "ADR;TYPE=WORK:;;12 St James's Square;London;;SW1Y 4JH;United Kingdom",
          "URL:https://ada.example",
          "NOTE:First programmer\\, really",
          "BDAY:1815-12-10",
          "CATEGORIES:vip,friends",
          "PHOTO;ENCODING=b;TYPE=JPEG:" + PHOTO_B64,
          "X-ABC-CUSTOM;X-PARAM=yes:keep me",
          "item1.X-ABLABEL:Office",
          "item1.TEL:+44 20 0000 0000",
          "END:VCARD",
          "");

  static final String V4 =
      String.join(
          "\r\n",
          "BEGIN:VCARD",
          "VERSION:4.0",
          "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1",
          "FN:Grace Hopper",
          "N:Hopper;Grace;;;",
          "EMAIL;PREF=2:grace@one.example",
          "EMAIL;PREF=1:grace@navy.example",
          "TEL;TYPE=voice,work;VALUE=uri:tel:+1-555-555-0100",
          "TEL;TYPE=cell;VALUE=uri:tel:+1-555-555-0199",
          "BDAY:19061209",
          "CATEGORIES:navy",
          "END:VCARD",
          "");

  @Test
  void readsVCard3() throws Exception {
    Map<String, String> f = CardMapping.fields(CardParser.parse(V3));
    assertThat(f)
        .containsEntry("fullName", "Ada Lovelace")
        .containsEntry("firstName", "Ada")
        .containsEntry("lastName", "Lovelace")
        .containsEntry("email", "ada@work.example")
        .containsEntry("phone", "+44 20 7946 0001")
        .containsEntry("mobilePhone", "+44 7700 900001")
        .containsEntry("company", "Analytical Engines Ltd")
        .containsEntry("jobTitle", "Mathematician")
        .containsEntry("street", "12 St James's Square")
        .containsEntry("city", "London")
        .containsEntry("postalCode", "SW1Y 4JH")
        .containsEntry("country", "United Kingdom")
        .containsEntry("website", "https://ada.example")
        .containsEntry("notes", "First programmer, really")
        .containsEntry("birthday", "1815-12-10")
        .containsEntry("tags", "friends;vip")
        .doesNotContainKey("region");
  }

  @Test
  void readsVCard4() throws Exception {
    Map<String, String> f = CardMapping.fields(CardParser.parse(V4));
    assertThat(f)
        .containsEntry("fullName", "Grace Hopper")
        .containsEntry("email", "grace@navy.example")
        .containsEntry("phone", "+1-555-555-0100")
        .containsEntry("mobilePhone", "+1-555-555-0199")
        .containsEntry("birthday", "1906-12-09")
        .containsEntry("tags", "navy");
  }

  @Test
  void updateKeepsEveryUnmappedPropertyUnchanged() throws Exception {
    VCard card = CardParser.parse(V3);
    CardMapping.apply(
        card,
        Map.of(
            "jobTitle", "Countess", "email", "ada@new.example", "city", "Oxford", "tags", "vip"));
    String out = CardMapping.write(card);
    VCard again = CardParser.parse(out);

    assertThat(again.getVersion()).isEqualTo(VCardVersion.V3_0);
    assertThat(again.getUid().getValue()).isEqualTo("abc-123");
    assertThat(again.getPhotos()).hasSize(1);
    assertThat(again.getPhotos().get(0).getData()).containsExactly(1, 2, 3, -1, 0, 42, 7);
    assertThat(unfolded(out)).contains("X-ABC-CUSTOM;X-PARAM=yes:keep me");
    assertThat(unfolded(out)).contains("item1.X-ABLABEL:Office", "item1.TEL:+44 20 0000 0000");
    assertThat(unfolded(out))
        .anyMatch(l -> l.startsWith("EMAIL") && l.endsWith(":ada@home.example"));
    assertThat(unfolded(out)).anyMatch(l -> l.startsWith("TEL") && l.contains("FAX"));
    assertThat(unfolded(out)).anyMatch(l -> l.startsWith("ORG:") && l.endsWith(";Research"));
    assertThat(unfolded(out)).anyMatch(l -> l.startsWith("N:Lovelace;Ada;Augusta;Lady"));

    Map<String, String> f = CardMapping.fields(again);
    assertThat(f)
        .containsEntry("jobTitle", "Countess")
        .containsEntry("email", "ada@new.example")
        .containsEntry("city", "Oxford")
        .containsEntry("street", "12 St James's Square")
        .containsEntry("tags", "vip")
        .containsEntry("fullName", "Ada Lovelace");
  }

  @Test
  void unchangedCardWritesTheSameProperties() throws Exception {
    VCard card = CardParser.parse(V4);
    assertThat(CardMapping.apply(card, CardMapping.fields(card))).as("nothing to change").isFalse();
    String out = CardMapping.write(card);
    assertThat(sorted(unfolded(out))).isEqualTo(sorted(unfolded(V4)));
  }

  @Test
  void createDerivesFnAndKeepsVersion() throws Exception {
    VCard card =
        CardMapping.newCard(
            Map.of("email", "x@y.example", "notes", "n"), "uid-1", VCardVersion.V3_0);
    VCard again = CardParser.parse(CardMapping.write(card));
    assertThat(again.getFormattedName().getValue()).isEqualTo("x@y.example");
    assertThat(again.getUid().getValue()).isEqualTo("uid-1");
    assertThat(again.getVersion()).isEqualTo(VCardVersion.V3_0);

    CardMapping.apply(again, Map.of("firstName", "Xavier", "lastName", "Young"));
    assertThat(again.getFormattedName().getValue()).isEqualTo("Xavier Young");
    CardMapping.apply(again, Map.of("lastName", "Yates"));
    assertThat(again.getFormattedName().getValue())
        .as("derived FN follows N")
        .isEqualTo("Xavier Yates");
    CardMapping.apply(again, Map.of("fullName", "Dr X"));
    CardMapping.apply(again, Map.of("lastName", "Zed"));
    assertThat(again.getFormattedName().getValue()).as("a chosen FN stays").isEqualTo("Dr X");
  }

  @Test
  void clearingRemovesOnlyThatProperty() throws Exception {
    VCard card = CardParser.parse(V3);
    CardMapping.apply(card, Map.of("notes", "", "phone", "", "fullName", ""));
    Map<String, String> f = CardMapping.fields(CardParser.parse(CardMapping.write(card)));
    assertThat(f).doesNotContainKey("notes");
    assertThat(f.get("phone"))
        .as("the next landline becomes the phone")
        .isEqualTo("+44 20 0000 0000");
    assertThat(f).containsEntry("mobilePhone", "+44 7700 900001");
    assertThat(f).containsEntry("fullName", "Ada Lovelace");
  }

  @Test
  void badBirthdayAndUnknownFieldsAreRefused() throws Exception {
    VCard card = CardParser.parse(V3);
    assertThatThrownBy(() -> CardMapping.apply(card, Map.of("birthday", "10/12/1815")))
        .hasMessageContaining("birthday '10/12/1815' is not an ISO date");
    assertThatThrownBy(() -> CardMapping.apply(card, Map.of("shoeSize", "9")))
        .hasMessageContaining("unknown vCard field 'shoeSize'");
  }

  @Test
  void revisionIsReadAndMovedOnlyWhereTheCardKeepsOne() throws Exception {
    VCard with = CardParser.parse(V4.replace("END:VCARD", "REV:20240102T030405Z\r\nEND:VCARD"));
    assertThat(CardMapping.revision(with))
        .isEqualTo(java.time.Instant.parse("2024-01-02T03:04:05Z"));
    CardMapping.touch(with, java.time.Instant.parse("2025-06-07T08:09:10Z"));
    assertThat(CardMapping.revision(with))
        .isEqualTo(java.time.Instant.parse("2025-06-07T08:09:10Z"));
    VCard without = CardParser.parse(V3);
    assertThat(CardMapping.revision(without)).isNull();
    CardMapping.touch(without, java.time.Instant.now());
    assertThat(without.getRevision()).isNull();
  }

  static List<String> unfolded(String text) {
    return List.of(text.replaceAll("\r?\n[ \t]", "").split("\r?\n"));
  }

  static List<String> sorted(List<String> lines) {
    return lines.stream().filter(l -> !l.isBlank()).sorted().collect(Collectors.toList());
  }
}
