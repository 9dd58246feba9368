package dev.tandem.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.mapping.FieldMappingSpec;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.server.web.ConnectionPage.MappingRow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingEditorTest {
  static final Schema A =
      new Schema(
          ObjectType.CONTACT,
          List.of(
              FieldDef.of("email", "email"),
              FieldDef.of("firstname", "firstName"),
              FieldDef.of("lastname", "lastName"),
              FieldDef.of("phone", "phone"),
              FieldDef.of("lifecyclestage", null)));
  static final Schema B =
      new Schema(
          ObjectType.CONTACT,
          List.of(
              FieldDef.of("emailaddress1", "email"),
              FieldDef.of("fullname", "fullName"),
              FieldDef.of("telephone1", "phone"),
              FieldDef.of("customertypecode", null)));

  static ObjectSyncSpec spec(List<FieldMappingSpec> fields) {
    ObjectSyncSpec d = ObjectSyncSpec.defaults(ObjectType.CONTACT);
    return new ObjectSyncSpec(
        d.type(), d.match(), d.conflict(), d.deletes(), d.deleteGuard(), fields, d.rules());
  }

  static MappingRow row(List<MappingRow> rows, String key) {
    return rows.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
  }

  /** The form as the page posts it when nothing is touched. */
  static Map<String, String> untouched(List<MappingRow> rows) {
    Map<String, String> form = new HashMap<>();
    for (MappingRow r : rows) {
      form.put("key." + r.index(), r.key());
      form.put("direction." + r.index(), r.direction());
      form.put("values." + r.index(), r.values());
    }
    return form;
  }

  @Test
  void listsDefaultsWithTheirDirectionsAndANameJoinedAcrossSides() {
    List<MappingRow> rows = new MappingEditor(spec(List.of()), A, B).rows();
    assertThat(rows).extracting(MappingRow::key).contains("email", "phone", "fullName");
    assertThat(row(rows, "phone").aField()).isEqualTo("phone");
    assertThat(row(rows, "phone").bField()).isEqualTo("telephone1");
    assertThat(row(rows, "phone").direction()).isEqualTo("both");
    assertThat(row(rows, "phone").custom()).isFalse();
    assertThat(row(rows, "fullName").aField()).isEqualTo("firstname + lastname");
    assertThat(row(rows, "fullName").editable()).isFalse();
  }

  @Test
  void untouchedFormStoresNothingAndADirectionChangeStoresOneMapping() {
    MappingEditor editor = new MappingEditor(spec(List.of()), A, B);
    List<MappingRow> rows = editor.rows();
    assertThat(editor.apply(untouched(rows)::get)).isEmpty();

    Map<String, String> form = untouched(rows);
    form.put("direction." + row(rows, "phone").index(), "a-to-b");
    List<FieldMappingSpec> out = editor.apply(form::get);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).a()).isEqualTo("phone");
    assertThat(out.get(0).b()).isEqualTo("telephone1");
    assertThat(out.get(0).direction()).isEqualTo("a-to-b");

    // Read back, the row shows the change over its default.
    MappingRow phone = row(new MappingEditor(spec(out), A, B).rows(), "phone");
    assertThat(phone.direction()).isEqualTo("a-to-b");
    assertThat(phone.defaultDirection()).isEqualTo("both");
    assertThat(phone.changed()).isTrue();
  }

  @Test
  void customMappingWithAValueMapRoundTrips() {
    MappingEditor editor = new MappingEditor(spec(List.of()), A, B);
    Map<String, String> form = untouched(editor.rows());
    form.put("new.a", "lifecyclestage");
    form.put("new.b", "customertypecode");
    form.put("new.direction", "a-to-b");
    form.put("new.values", "customer = 3\n\nlead=1\n");
    List<FieldMappingSpec> out = editor.apply(form::get);
    assertThat(out)
        .singleElement()
        .satisfies(s -> assertThat(s.values()).isEqualTo(Map.of("customer", "3", "lead", "1")));

    MappingRow custom =
        row(new MappingEditor(spec(out), A, B).rows(), "lifecyclestage~customertypecode");
    assertThat(custom.custom()).isTrue();
    assertThat(custom.values()).isEqualTo("customer = 3\nlead = 1");
    assertThat(custom.direction()).isEqualTo("a-to-b");
  }

  @Test
  void aTransformWrittenInTheConfigIsShownAndKeptThroughAnEdit() {
    List<FieldMappingSpec> own =
        List.of(new FieldMappingSpec("phone", "telephone1", "both", Map.of(), "trim", "config:9"));
    MappingEditor editor = new MappingEditor(spec(own), A, B);
    MappingRow phone = row(editor.rows(), "phone");
    assertThat(phone.transform()).isEqualTo("trim");
    assertThat(phone.changed()).isTrue();

    Map<String, String> form = untouched(editor.rows());
    form.put("direction." + phone.index(), "b-to-a");
    assertThat(editor.apply(form::get))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.transform()).isEqualTo("trim");
              assertThat(s.direction()).isEqualTo("b-to-a");
            });
  }

  @Test
  void badInputIsRefusedWithAMessageNamingTheField() {
    MappingEditor editor = new MappingEditor(spec(List.of()), A, B);
    List<MappingRow> rows = editor.rows();
    Map<String, String> form = untouched(rows);
    form.put("values." + row(rows, "phone").index(), "no separator here");
    assertThatThrownBy(() -> editor.apply(form::get))
        .hasMessageContaining("value map of phone, line 1")
        .hasMessageContaining("A value = B value");

    Map<String, String> unknown = untouched(rows);
    unknown.put("new.a", "nosuchfield");
    unknown.put("new.b", "telephone1");
    assertThatThrownBy(() -> editor.apply(unknown::get))
        .hasMessageContaining("has no field 'nosuchfield'");

    Map<String, String> stale = untouched(rows);
    stale.put("key.0", "somethingelse");
    assertThatThrownBy(() -> editor.apply(stale::get)).hasMessageContaining("reload");
  }
}
