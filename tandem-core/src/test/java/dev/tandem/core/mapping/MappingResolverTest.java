package dev.tandem.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.FieldDef.FieldType;
import dev.tandem.core.spi.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingResolverTest {
  static final Schema HUBSPOT =
      new Schema(
          ObjectType.CONTACT,
          List.of(
              new FieldDef("email", "email", FieldType.EMAIL, List.of(), false),
              FieldDef.of("firstname", "firstName"),
              FieldDef.of("lastname", "lastName"),
              new FieldDef("phone", "phone", FieldType.PHONE, List.of(), false),
              FieldDef.of("lifecyclestage", null)));
  static final Schema DYNAMICS =
      new Schema(
          ObjectType.CONTACT,
          List.of(
              new FieldDef("emailaddress1", "email", FieldType.EMAIL, List.of(), false),
              FieldDef.of("firstname", "firstName"),
              FieldDef.of("lastname", "lastName"),
              new FieldDef("fullname", "fullName", FieldType.STRING, List.of(), true),
              FieldDef.of("telephone1", "phone"),
              FieldDef.of("customertypecode", null)));
  static final Schema SHEET =
      new Schema(
          ObjectType.CONTACT,
          List.of(
              FieldDef.of("E-mail", "email"),
              FieldDef.of("Name", "fullName"),
              FieldDef.of("Tel", "phone")));

  static Map<String, String> keys(MappingSet set) {
    return set.mappings().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                FieldMapping::key,
                m ->
                    String.join("+", m.a().fields())
                        + "="
                        + String.join("+", m.b().fields())
                        + ":"
                        + m.direction().id()));
  }

  @Test
  void sameCanonicalFieldsMapBothWaysByDefault() {
    MappingSet set = MappingResolver.resolve(ObjectType.CONTACT, HUBSPOT, DYNAMICS, List.of());
    assertThat(keys(set))
        .containsEntry("email", "email=emailaddress1:both")
        .containsEntry("firstName", "firstname=firstname:both")
        .containsEntry("lastName", "lastname=lastname:both")
        .containsEntry("phone", "phone=telephone1:both")
        .doesNotContainKey("fullName")
        .hasSize(4);
  }

  @Test
  void aFullNameIsSplitIntoFirstAndLastAndJoinedBack() {
    MappingSet set = MappingResolver.resolve(ObjectType.CONTACT, HUBSPOT, SHEET, List.of());
    FieldMapping name =
        set.mappings().stream().filter(m -> m.key().equals("fullName")).findFirst().orElseThrow();
    assertThat(name.a()).isEqualTo(new FieldAccess.SplitName("firstname", "lastname"));
    Record hub = new Record("1", Map.of("firstname", "Ada", "lastname", "Lovelace"));
    assertThat(name.valueInA(Side.A, hub)).isEqualTo("Ada Lovelace");
    assertThat(name.writeTo(Side.A, "Grace Brewster Hopper"))
        .containsEntry("firstname", "Grace Brewster")
        .containsEntry("lastname", "Hopper");
    assertThat(name.writeTo(Side.B, "Ada Lovelace")).containsEntry("Name", "Ada Lovelace");
  }

  @Test
  void explicitMappingsReplaceDefaultsThatTouchTheirFields() {
    MappingSet set =
        MappingResolver.resolve(
            ObjectType.CONTACT,
            HUBSPOT,
            DYNAMICS,
            List.of(
                new FieldMappingSpec(
                    "phone", "telephone1", "a-to-b", Map.of(), "phone", "t.yaml:3"),
                new FieldMappingSpec(
                    "lifecyclestage",
                    "customertypecode",
                    null,
                    Map.of("customer", "3"),
                    null,
                    "t.yaml:4"),
                new FieldMappingSpec("lastName", "lastname", "off", Map.of(), null, "t.yaml:5")));
    assertThat(keys(set))
        .containsEntry("phone", "phone=telephone1:a-to-b")
        .containsEntry("lifecyclestage~customertypecode", "lifecyclestage=customertypecode:both")
        .doesNotContainKey("lastName");
    FieldMapping stage =
        set.mappings().stream()
            .filter(m -> m.key().startsWith("lifecycle"))
            .findFirst()
            .orElseThrow();
    assertThat(stage.writeTo(Side.B, "Customer")).containsEntry("customertypecode", "3");
    assertThat(stage.valueInA(Side.B, new Record("x", Map.of("customertypecode", "3"))))
        .isEqualTo("customer");
  }

  @Test
  void transformsChainInOrder() {
    MappingSet set =
        MappingResolver.resolve(
            ObjectType.CONTACT,
            HUBSPOT,
            DYNAMICS,
            List.of(
                new FieldMappingSpec(
                    "firstname", "firstname", null, Map.of(), "trim, upper", null)));
    FieldMapping first =
        set.mappings().stream().filter(m -> m.key().equals("firstName")).findFirst().orElseThrow();
    assertThat(first.valueInA(Side.A, new Record("1", Map.of("firstname", "  ada  lovelace "))))
        .isEqualTo("ADA LOVELACE");
  }

  @Test
  void mistakesNameTheFieldAndWhere() {
    assertThatThrownBy(
            () ->
                MappingResolver.resolve(
                    ObjectType.CONTACT,
                    HUBSPOT,
                    DYNAMICS,
                    List.of(
                        new FieldMappingSpec(
                            "phone", "telephone9", null, Map.of(), null, "t.yaml:7"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("t.yaml:7: b has no field 'telephone9'")
        .hasMessageContaining("telephone1");
    assertThatThrownBy(
            () ->
                MappingResolver.resolve(
                    ObjectType.CONTACT,
                    HUBSPOT,
                    DYNAMICS,
                    List.of(
                        new FieldMappingSpec(
                            "lastname", "fullname", "both", Map.of(), null, "t.yaml:8"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("read-only")
        .hasMessageContaining("b-to-a");
    assertThatThrownBy(
            () ->
                MappingResolver.resolve(
                    ObjectType.CONTACT,
                    HUBSPOT,
                    DYNAMICS,
                    List.of(
                        new FieldMappingSpec(
                            "phone", "telephone1", "sideways", Map.of(), null, "t.yaml:9"))))
        .hasMessageContaining("unknown direction 'sideways'");
    assertThatThrownBy(
            () ->
                MappingResolver.resolve(
                    ObjectType.CONTACT,
                    HUBSPOT,
                    DYNAMICS,
                    List.of(
                        new FieldMappingSpec(
                            "phone", "telephone1", null, Map.of(), "shout", "t.yaml:10"))))
        .hasMessageContaining("unknown transform 'shout'");
  }

  @Test
  void aReadOnlyTargetIsNeverWrittenByDefault() {
    Schema roB =
        new Schema(
            ObjectType.CONTACT,
            List.of(new FieldDef("emailaddress1", "email", FieldType.EMAIL, List.of(), true)));
    MappingSet set = MappingResolver.resolve(ObjectType.CONTACT, HUBSPOT, roB, List.of());
    assertThat(keys(set)).containsEntry("email", "email=emailaddress1:b-to-a");
  }
}
