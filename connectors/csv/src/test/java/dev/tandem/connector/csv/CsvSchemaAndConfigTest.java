package dev.tandem.connector.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.ConnectorFactory;
import dev.tandem.core.spi.FieldDef;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSchemaAndConfigTest {
  @TempDir Path dir;
  CsvTestFiles files;

  @BeforeEach
  void setUp() {
    files = new CsvTestFiles(dir);
  }

  @Test
  void columnsMapToCanonicalFieldsThroughAliases() {
    files.write(
        "a.csv", "E-mail Address,ID,Given Name,Surname,Zip,Shoe Size,,Email,companyRef,Tags\n");
    Connector c = files.open("a.csv");
    List<FieldDef> fields = c.schema(ObjectType.CONTACT).fields();
    assertThat(fields)
        .extracting(FieldDef::name, FieldDef::canonical)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("E-mail Address", "email"),
            org.assertj.core.groups.Tuple.tuple("Given Name", "firstName"),
            org.assertj.core.groups.Tuple.tuple("Surname", "lastName"),
            org.assertj.core.groups.Tuple.tuple("Zip", "postalCode"),
            org.assertj.core.groups.Tuple.tuple("Shoe Size", null),
            org.assertj.core.groups.Tuple.tuple("Email", null),
            org.assertj.core.groups.Tuple.tuple("companyRef", null),
            org.assertj.core.groups.Tuple.tuple("Tags", "tags"));
    assertThat(fields.get(0).type()).isEqualTo(FieldDef.FieldType.EMAIL);
    assertThat(fields.get(7).type()).isEqualTo(FieldDef.FieldType.MULTI);
  }

  @Test
  void companiesAndDeals() {
    files.write("co.csv", "id,Company Name,Domain\n1,Acme,acme.io\n");
    Connector c = files.open("co.csv", "object", "company");
    assertThat(c.capabilities().objectTypes()).containsExactly(ObjectType.COMPANY);
    assertThat(c.schema(ObjectType.COMPANY).byCanonical("name"))
        .hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("Company Name"));
    assertThat(c.find(ObjectType.COMPANY, "Domain", List.of("acme.io", "ACME.IO")))
        .extracting(Record::id)
        .containsExactly("1");
    assertThatThrownBy(() -> c.scan(ObjectType.CONTACT, null))
        .isInstanceOf(ConnectorException.class)
        .hasMessage("file ./co.csv holds company records, not contact");
  }

  @Test
  void capabilities() {
    files.write("a.csv", "id\n");
    Capabilities caps = files.open("a.csv").capabilities();
    assertThat(caps.changes()).isEqualTo(Capabilities.ChangeMode.FULL_LISTING);
    assertThat(caps.reportsDeletions()).isFalse();
    assertThat(caps.webhooks()).isFalse();
    assertThat(caps.pageSize()).isEqualTo(1000);
    assertThat(caps.batchSize()).isEqualTo(10_000);
  }

  @Test
  void factoryIsFoundByType() {
    assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(p -> p.get().type()))
        .contains("csv");
  }

  @Test
  void missingFileIsAConfigProblem() {
    assertThatThrownBy(() -> files.open("left.csv"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("app 'left' (csv): file ./left.csv does not exist");
  }

  @Test
  void badSettingsAreNamed() {
    files.write("a.csv", "id\n");
    assertThatThrownBy(() -> files.open("a.csv", "sheet", "1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'sheet'")
        .hasMessageContaining("delimiter, id-column, object, page-size, path");
    assertThatThrownBy(() -> files.open("a.csv", "delimiter", "|"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("app 'left' (csv): 'delimiter' must be \",\", \";\" or \"\\t\", not \"|\"");
    assertThatThrownBy(() -> files.open("a.csv", "object", "lead"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("app 'left' (csv): 'object' must be contact, company or deal, not 'lead'");
    assertThatThrownBy(() -> files.open("a.csv", "page-size", "-5"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'page-size' must be a positive whole number");
    assertThatThrownBy(() -> files.open("."))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is a folder");
  }

  @Test
  void customIdColumn() {
    files.write("a.csv", "Key,Email\nk1,a@x.io\n");
    Connector c = files.open("a.csv", "id-column", "key");
    assertThat(c.scan(ObjectType.CONTACT, null).records())
        .extracting(Record::id)
        .containsExactly("k1");
    assertThat(files.read("a.csv")).isEqualTo("Key,Email\nk1,a@x.io\n");
  }
}
