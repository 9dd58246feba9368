package dev.tandem.connector.csv;

import static dev.tandem.core.model.ObjectType.CONTACT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.model.Record;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriteTest {
  @TempDir Path dir;
  CsvTestFiles files;

  /** Unneeded quotes, a BOM, CRLF, an unknown column, a nameless column, a blank line, no EOL. */
  static final String FANCY =
      "\uFEFFid,\"Email\",First Name,Shoe Size,,City\r\n"
          + "a1,\"ann@x.io\",Ann,38,keep me,\"Paris\"\r\n"
          + "\r\n"
          + "b2,bob@x.io,\"Bob\",44,,Oslo\r\n"
          + "c3,cy@x.io,Cy,,,\"Rome, Italy\"";

  @BeforeEach
  void setUp() {
    files = new CsvTestFiles(dir);
  }

  @Test
  void readingAndNoOpWritesLeaveTheFileByteForByte() throws IOException {
    Path path = files.write("fancy.csv", FANCY);
    FileTime before = Files.getLastModifiedTime(path);
    Connector c = files.open("fancy.csv");
    assertThat(c.scan(CONTACT, null).records()).hasSize(3);
    c.changes(CONTACT, c.currentCursor(CONTACT));
    List<WriteResult> results =
        c.write(
            CONTACT,
            List.of(
                WriteOp.update("a1", Map.of("First Name", "Ann", "Unknown Column", "x"), null),
                WriteOp.update("zz", Map.of("First Name", "Ghost"), null)));
    assertThat(results.get(0).succeeded()).isTrue();
    assertThat(results.get(1).error().kind()).isEqualTo(WriteError.Kind.NOT_FOUND);
    assertThat(files.read("fancy.csv")).isEqualTo(FANCY);
    assertThat(Files.getLastModifiedTime(path)).isEqualTo(before);
    assertThat(files.meter.count("write file")).isZero();
  }

  @Test
  void untouchedRowsColumnsAndFormattingSurviveWrites() {
    files.write("fancy.csv", FANCY);
    Connector c = files.open("fancy.csv");
    List<WriteResult> results =
        c.write(
            CONTACT,
            List.of(
                WriteOp.update("b2", Map.of("City", "Bergen, Norway", "Shoe Size", "x"), null),
                WriteOp.update("c3", Map.of("City", ""), null),
                WriteOp.create(
                    Map.of("Email", "dee@x.io", "First Name", "Dee \"D\"", "Age", "9"))));
    assertThat(results).allMatch(WriteResult::succeeded);
    String newId = results.get(2).id();
    assertThat(newId).matches("[a-z2-7]{12}");
    assertThat(files.read("fancy.csv"))
        .isEqualTo(
            "\uFEFFid,\"Email\",First Name,Shoe Size,,City\r\n"
                + "a1,\"ann@x.io\",Ann,38,keep me,\"Paris\"\r\n"
                + "\r\n"
                + "b2,bob@x.io,Bob,x,,\"Bergen, Norway\"\r\n"
                + "c3,cy@x.io,Cy,,,\r\n"
                + newId
                + ",dee@x.io,\"Dee \"\"D\"\"\",,,");
    assertThat(c.read(CONTACT, List.of("b2")).get(0).get("Shoe Size"))
        .as("a column without a canonical name is still a field")
        .isEqualTo("x");
  }

  @Test
  void deletesRemoveTheRowOnly() {
    files.write("a.csv", "id,Email\n1,a@x.io\n2,b@x.io\n3,c@x.io\n");
    Connector c = files.open("a.csv");
    assertThat(c.write(CONTACT, List.of(WriteOp.delete("2", null))))
        .allMatch(WriteResult::succeeded);
    assertThat(files.read("a.csv")).isEqualTo("id,Email\n1,a@x.io\n3,c@x.io\n");
    assertThat(c.write(CONTACT, List.of(WriteOp.delete("2", null))).get(0).error().kind())
        .isEqualTo(WriteError.Kind.NOT_FOUND);
  }

  @Test
  void idColumnIsAddedAndIdsAreSavedAtOnce() {
    files.write("noid.csv", "Email;Name\r\n\"a@x.io\";Ann\r\nb@x.io;\"Bob; Jr\"\r\n");
    Connector c = files.open("noid.csv", "delimiter", ";");
    List<Record> records = c.scan(CONTACT, null).records();
    assertThat(records).hasSize(2);
    String a = records.get(0).id();
    String b = records.get(1).id();
    assertThat(a).matches("[a-z2-7]{12}").isNotEqualTo(b);
    assertThat(files.read("noid.csv"))
        .isEqualTo("id;Email;Name\r\n" + a + ";\"a@x.io\";Ann\r\n" + b + ";b@x.io;\"Bob; Jr\"\r\n");

    Connector again = files.open("noid.csv", "delimiter", ";");
    assertThat(again.scan(CONTACT, null).records()).extracting(Record::id).containsExactly(a, b);
  }

  @Test
  void blankIdsGetNewIdsAndOthersKeepTheirs() {
    files.write("some.csv", "Name,ID\nAnn,\nBob,b-2\nCy,  \n");
    Connector c = files.open("some.csv");
    List<Record> records = c.scan(CONTACT, null).records();
    assertThat(records).extracting(Record::id).element(1).isEqualTo("b-2");
    String content = files.read("some.csv");
    assertThat(content.lines().toList()).hasSize(4).element(0).isEqualTo("Name,ID");
    assertThat(content)
        .contains("Ann," + records.get(0).id() + "\n", "Bob,b-2\n", "Cy," + records.get(2).id());
  }

  @Test
  void writesLeaveNoTempFileAndKeepPermissions() throws IOException {
    Path path = files.write("a.csv", "id,Email\n");
    boolean posix = Files.getFileStore(path).supportsFileAttributeView("posix");
    if (posix) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
    }
    Connector c = files.open("a.csv");
    for (int i = 0; i < 5; i++) {
      c.write(CONTACT, List.of(WriteOp.create(Map.of("Email", i + "@x.io"))));
    }
    try (Stream<Path> list = Files.list(dir)) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("a.csv");
    }
    if (posix) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
          .isEqualTo("rw-r--r--");
    }
  }

  @Test
  void readersNeverSeeAHalfWrittenFile() throws Exception {
    StringBuilder big = new StringBuilder("id,Email,Notes\n");
    for (int i = 0; i < 2000; i++) {
      big.append(i).append(",p").append(i).append("@x.io,").append("n".repeat(40)).append('\n');
    }
    files.write("big.csv", big.toString());
    Connector c = files.open("big.csv");
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> torn = new AtomicReference<>();
    List<Integer> sizes = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get() && torn.get() == null) {
                try {
                  String text = Files.readString(dir.resolve("big.csv"));
                  if (!text.startsWith("id,Email,Notes\n") || !text.endsWith("\n")) {
                    torn.set("torn file of " + text.length() + " chars");
                  }
                  sizes.add(text.length());
                } catch (IOException e) {
                  torn.set(e.toString());
                }
              }
            });
    reader.start();
    for (int i = 0; i < 30; i++) {
      c.write(CONTACT, List.of(WriteOp.create(Map.of("Email", "new" + i + "@x.io"))));
    }
    done.set(true);
    reader.join();
    assertThat(torn.get()).isNull();
    assertThat(sizes).isNotEmpty();
    assertThat(c.scan(CONTACT, null).nextPageToken()).isNotNull();
  }

  @Test
  void changesListEverythingOnlyWhenTheFileChanged() throws Exception {
    Path path = files.write("a.csv", "id,Email\n1,a@x.io\n2,b@x.io\n");
    // Past the racy window (the change time cannot be set back), so the stat alone proves.
    Thread.sleep(CsvFile.RACY_NANOS / 1_000_000 + 100);
    Connector c = files.open("a.csv", "page-size", 1);
    String cursor = c.currentCursor(CONTACT);
    assertThat(cursor).endsWith(":t");

    long reads = files.meter.count("read file");
    Changes none = c.changes(CONTACT, cursor);
    assertThat(files.meter.count("read file")).as("one check, counted once").isEqualTo(reads + 1);
    assertThat(none.changed()).isEmpty();
    assertThat(none.complete()).isFalse();
    assertThat(none.hasMore()).isFalse();
    assertThat(none.nextCursor()).isEqualTo(cursor);

    // Touched, but the same bytes: still nothing to do.
    Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Changes touched = c.changes(CONTACT, cursor);
    assertThat(touched.changed()).isEmpty();
    assertThat(touched.complete()).isFalse();

    files.write("a.csv", "id,Email\n1,a@x.io\n3,c@x.io\n");
    Changes first = c.changes(CONTACT, touched.nextCursor());
    assertThat(first.complete()).isTrue();
    assertThat(first.hasMore()).isTrue();
    Changes second = c.changes(CONTACT, first.nextCursor());
    assertThat(second.hasMore()).isFalse();
    assertThat(second.complete()).isTrue();
    assertThat(List.of(first.changed().get(0).id(), second.changed().get(0).id()))
        .containsExactly("1", "3");
    assertThat(first.deleted()).isEmpty();
    assertThat(c.changes(CONTACT, second.nextCursor()).changed()).isEmpty();
  }

  @Test
  void aSameSizeEditWithinTheSameTickIsStillSeen() throws IOException {
    Path path = files.write("a.csv", "id,Email\n1,a@x.io\n");
    Connector c = files.open("a.csv");
    String cursor = c.currentCursor(CONTACT);
    assertThat(cursor).as("just written: the stat alone proves nothing").endsWith(":r");
    FileTime mtime = Files.getLastModifiedTime(path);
    files.write("a.csv", "id,Email\n1,b@x.io\n");
    Files.setLastModifiedTime(path, mtime);

    Changes changes = c.changes(CONTACT, cursor);
    assertThat(changes.changed()).extracting(r -> r.get("Email")).containsExactly("b@x.io");
    assertThat(c.read(CONTACT, List.of("1")).get(0).get("Email")).isEqualTo("b@x.io");
  }

  @Test
  void listingFailsOverWhenTheFileChangesBetweenPages() {
    files.write("a.csv", "id,Email\n1,a@x.io\n2,b@x.io\n");
    Connector c = files.open("a.csv", "page-size", 1);
    Changes first = c.changes(CONTACT, "csv1:0:0:0:00000000000000000000000000000000:t");
    assertThat(first.hasMore()).isTrue();
    files.write("a.csv", "id,Email\n1,a@x.io\n2,b@x.io\n3,c@x.io\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.changes(CONTACT, first.nextCursor()))
        .isInstanceOf(dev.tandem.core.spi.CursorExpiredException.class)
        .hasMessageContaining("changed while its rows were being listed");
  }

  @Test
  void writesApplyToTheFileAsChangedOnDisk() {
    files.write("a.csv", "id,Email,City\n1,a@x.io,Rome\n");
    Connector c = files.open("a.csv");
    assertThat(c.scan(CONTACT, null).records()).hasSize(1);
    files.write("a.csv", "id,Email,City\n1,a@x.io,Rome\n2,b@x.io,Oslo\n");
    c.write(CONTACT, List.of(WriteOp.update("2", Map.of("City", "Bergen"), null)));
    assertThat(files.read("a.csv")).isEqualTo("id,Email,City\n1,a@x.io,Rome\n2,b@x.io,Bergen\n");
  }

  @Test
  void meterNamesFileCalls() {
    files.write("a.csv", "id,Email\n1,a@x.io\n");
    Connector c = files.open("a.csv");
    c.scan(CONTACT, null);
    c.write(CONTACT, List.of(WriteOp.update("1", Map.of("Email", "b@x.io"), null)));
    assertThat(files.meter.byEndpoint().keySet()).containsExactly("read file", "write file");
    assertThat(files.meter.count("write file")).isEqualTo(1);
  }
}
