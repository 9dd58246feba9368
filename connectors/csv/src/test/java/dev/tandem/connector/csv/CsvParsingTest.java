package dev.tandem.connector.csv;

import static dev.tandem.core.model.ObjectType.CONTACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.Record;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvParsingTest {
  @TempDir Path dir;
  CsvTestFiles files;

  @BeforeEach
  void setUp() {
    files = new CsvTestFiles(dir);
  }

  private List<Record> scan(Connector c) {
    return c.scan(CONTACT, null).records();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void quotedValuesWithDelimitersQuotesAndNewlines(String eol) {
    files.write(
        "a.csv",
        "id,Email,Notes,Name"
            + eol
            + "1,a@x.io,\"one, two\",\"Ann \"\"the Great\"\"\""
            + eol
            + "2,b@x.io,\"line one"
            + eol
            + "line two\",Bob"
            + eol
            + "3,c@x.io,\"\",\"\"\"\""
            + eol);
    List<Record> records = scan(files.open("a.csv"));
    assertThat(records).extracting(Record::id).containsExactly("1", "2", "3");
    assertThat(records.get(0).fields())
        .containsExactly(
            Map.entry("Email", "a@x.io"),
            Map.entry("Notes", "one, two"),
            Map.entry("Name", "Ann \"the Great\""));
    assertThat(records.get(1).get("Notes")).isEqualTo("line one" + eol + "line two");
    assertThat(records.get(2).get("Notes")).isNull();
    assertThat(records.get(2).get("Name")).isEqualTo("\"");
  }

  @Test
  void byteOrderMarkIsNotPartOfTheFirstColumnName() {
    files.write("a.csv", "\uFEFFid,Email\n1,a@x.io\n");
    Connector c = files.open("a.csv");
    assertThat(scan(c).get(0).fields()).containsExactly(Map.entry("Email", "a@x.io"));
    assertThat(c.schema(CONTACT).fields()).extracting(f -> f.name()).containsExactly("Email");
  }

  @Test
  void semicolonAndTabDelimiters() {
    files.write("semi.csv", "id;Email;City\n1;a@x.io;\"Paris; France\"\n");
    assertThat(scan(files.open("semi.csv", "delimiter", ";")).get(0).get("City"))
        .isEqualTo("Paris; France");
    files.write("tab.csv", "id\tEmail\tCity\n1\ta@x.io\tOslo, Norway\n");
    assertThat(scan(files.open("tab.csv", "delimiter", "\t")).get(0).get("City"))
        .isEqualTo("Oslo, Norway");
    assertThat(scan(files.open("tab.csv", "delimiter", "\\t")).get(0).get("Email"))
        .isEqualTo("a@x.io");
  }

  @Test
  void shortRowsArePaddedAndBlankLinesHoldNoRecord() {
    files.write("a.csv", "id,Email,City\n1,a@x.io\n\n,,\n2\n3,c@x.io,Rome,,\n");
    List<Record> records = scan(files.open("a.csv"));
    assertThat(records).extracting(Record::id).containsExactly("1", "2", "3");
    assertThat(records.get(0).fields()).containsExactly(Map.entry("Email", "a@x.io"));
    assertThat(records.get(1).fields()).isEmpty();
    assertThat(records.get(2).get("City")).isEqualTo("Rome");
  }

  @Test
  void unterminatedQuoteNamesFileAndLine() {
    files.write("bad.csv", "id,Email,Notes\n1,a@x.io,ok\n2,b@x.io,\"never\nclosed\n");
    assertThatThrownBy(() -> scan(files.open("bad.csv")))
        .isInstanceOf(ConnectorException.class)
        .hasMessage("file ./bad.csv, line 3: a quoted value is never closed");
  }

  @Test
  void textAfterClosingQuoteNamesFileAndLine() {
    files.write("bad.csv", "id,Email\n1,\"a@x.io\"x\n");
    assertThatThrownBy(() -> scan(files.open("bad.csv")))
        .isInstanceOf(ConnectorException.class)
        .hasMessageStartingWith("file ./bad.csv, line 2: unexpected text after the closing quote");
  }

  @Test
  void rowWithMoreValuesThanColumnsNamesFileAndLine() {
    files.write("bad.csv", "id,Email,City\n1,a@x.io,Rome\n\"2\",\"b\nstill b\",Oslo,extra\n");
    assertThatThrownBy(() -> scan(files.open("bad.csv")))
        .isInstanceOf(ConnectorException.class)
        .hasMessage("file ./bad.csv, line 3: the row has 4 values but the header has 3 columns");
  }

  @Test
  void duplicateIdsNameBothLines() {
    files.write("dup.csv", "id,Email\na1,a@x.io\nb2,b@x.io\na1,c@x.io\n");
    assertThatThrownBy(() -> scan(files.open("dup.csv")))
        .isInstanceOf(ConnectorException.class)
        .hasMessage("file ./dup.csv: id 'a1' is on lines 2 and 4; every row needs its own id");
  }

  @Test
  void duplicateColumnNamesAreRefused() {
    files.write("dup.csv", "id,Email,City,Email\n");
    assertThatThrownBy(() -> scan(files.open("dup.csv")))
        .isInstanceOf(ConnectorException.class)
        .hasMessage("file ./dup.csv, line 1: columns 2 and 4 are both named 'Email'");
  }

  @Test
  void notUtf8AndEmptyFilesAreRefusedClearly() {
    files.writeBytes("latin1.csv", new byte[] {'i', 'd', '\n', '1', '\n', 'Z', 'o', (byte) 0xEB});
    assertThatThrownBy(() -> scan(files.open("latin1.csv")))
        .isInstanceOf(ConnectorException.class)
        .hasMessage("file ./latin1.csv, line 3: the file is not UTF-8 text (save it as CSV UTF-8)");
    files.write("empty.csv", "");
    assertThatThrownBy(() -> scan(files.open("empty.csv")))
        .isInstanceOf(ConnectorException.class)
        .hasMessage("file ./empty.csv is empty; a CSV app needs at least a header row");
  }

  @Test
  void aBlankFirstLineIsNotAHeader() {
    files.write("blank.csv", "\nid,Email\n1,a@x.io\n");
    assertThatThrownBy(() -> scan(files.open("blank.csv")))
        .isInstanceOf(ConnectorException.class)
        .hasMessage(
            "file ./blank.csv, line 1: the first line must be the header row, but it is empty");
  }

  @Test
  void unquotedQuotesInsideValuesAreTakenLiterally() {
    files.write("a.csv", "id,Notes\n1,say \"hi\" twice\n");
    assertThat(scan(files.open("a.csv")).get(0).get("Notes")).isEqualTo("say \"hi\" twice");
  }
}
