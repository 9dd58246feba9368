package dev.tandem.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.schema.CanonicalFields;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link Connector} must meet: paging, cursors, batch limits, per-item errors,
 * deletions, unicode, empty values, rate limits and API call counting. A connector's test extends
 * this class and implements a few hooks; a connector is done when the kit passes against its real
 * server or emulator.
 *
 * <p>Every test starts from a fresh, empty app (the subclass resets its emulator, creates a new
 * file or a new in-memory app in {@link #connect}) and creates the records it needs through {@link
 * Connector#write}, so the kit runs unchanged against HTTP apps. The kit passes small page sizes so
 * that paging is exercised with few records; an app whose page size cannot be chosen ignores them
 * and the kit creates enough records to page anyway.
 *
 * <p>Hooks: {@link #connect} and {@link #sampleFields} are required; {@link #objectType}, {@link
 * #textField}, {@link #unknownId}, {@link #rateLimitNextCall} and {@link #rejectedOp} have defaults
 * a subclass overrides where its app differs. Tests that need an optional hook the subclass does
 * not support are skipped (an assumption fails), never passed silently.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class ConnectorContractKit {

  /** The page size the kit asks for, so that a few records span several pages. */
  protected static final int SMALL_PAGE = 5;

  /** A folder for the test's files; the {@link ConnectorContext#baseDir()} given to connect. */
  @TempDir protected Path baseDir;

  /** Counts the API calls of every connector the kit opens. */
  protected final RecordingMeter meter = new RecordingMeter();

  private final List<Connector> opened = new ArrayList<>();

  // ---------------------------------------------------------------- hooks

  /**
   * Creates a connector on a fresh, empty app. Called at most a few times per test; the kit closes
   * the connectors after the test.
   *
   * @param context the meter, clock and base folder the connector must use
   * @param pageSize the scan (and changes) page size to use where the app lets the client choose it
   */
  protected abstract Connector connect(ConnectorContext context, int pageSize);

  /**
   * Valid native fields for record {@code i}: the same {@code i} gives the same fields, different
   * {@code i} give different values, and where the type has an email field the map holds a unique
   * email. Values must round-trip unchanged (emails may change case).
   */
  protected abstract Map<String, String> sampleFields(int i);

  /** The object type under test. */
  protected ObjectType objectType() {
    return ObjectType.CONTACT;
  }

  /**
   * A free-text native field the app stores as given and lets a client clear, used for unicode and
   * empty-value tests. By default the last key of {@code sampleFields(0)} that the schema types as
   * {@code STRING} and that is not the email field.
   */
  protected String textField() {
    Schema schema = sharedSchema();
    String found = null;
    for (String name : sampleFields(0).keySet()) {
      Optional<FieldDef> def = schema.field(name);
      if (def.isPresent()
          && def.get().type() == FieldDef.FieldType.STRING
          && !CanonicalFields.EMAIL.equals(def.get().canonical())
          && !def.get().readOnly()) {
        found = name;
      }
    }
    assertThat(found)
        .as("sampleFields(0) must hold a writable STRING field other than the email")
        .isNotNull();
    return found;
  }

  /** An id no record of the app has, in the app's id format. */
  protected String unknownId() {
    return "999999937";
  }

  /**
   * Makes the app answer the next API call with "too many requests" (HTTP 429 with a retry-after).
   *
   * @return false when the app cannot be made to (the rate-limit test is then skipped)
   */
  protected boolean rateLimitNextCall() {
    return false;
  }

  /**
   * A write the app rejects as one item (a validation error), or null when there is none (the test
   * of a rejected item among valid ones is then skipped). Called after {@link #connect}.
   */
  protected WriteOp rejectedOp() {
    return null;
  }

  // ---------------------------------------------------------------- tests

  @Test
  void capabilitiesAndSchemaAreSane() {
    Connector c = open(SMALL_PAGE);
    long before = meter.total();
    Capabilities caps = c.capabilities();
    assertThat(meter.total()).as("capabilities() makes no API call").isEqualTo(before);
    assertThat(caps.objectTypes()).contains(objectType());
    assertThat(caps.pageSize()).isPositive();
    assertThat(caps.batchSize()).isPositive();
    assertThat(caps.changes()).isNotNull();

    Schema schema = c.schema(objectType());
    assertThat(schema.type()).isEqualTo(objectType());
    assertThat(schema.fields()).isNotEmpty();
    List<String> names = schema.fields().stream().map(FieldDef::name).toList();
    assertThat(names).as("field names are unique").doesNotHaveDuplicates();
    for (FieldDef f : schema.fields()) {
      assertThat(f.type()).as("type of " + f.name()).isNotNull();
      if (f.canonical() != null) {
        assertThat(CanonicalFields.of(objectType()))
            .as("canonical name of " + f.name())
            .contains(f.canonical());
      }
    }
    List<String> canonicals =
        schema.fields().stream().map(FieldDef::canonical).filter(n -> n != null).toList();
    assertThat(canonicals).as("one native field per canonical field").doesNotHaveDuplicates();
    assertThat(names).as("schema lists every sample field").containsAll(sampleFields(0).keySet());
  }

  @Test
  void createReturnsOneResultPerOpInOrder() {
    Connector c = open(SMALL_PAGE);
    List<WriteOp> ops = List.of(create(0), create(1), create(2));
    List<WriteResult> results = c.write(objectType(), ops);

    assertThat(results).hasSize(3);
    assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as(String.valueOf(r)).isTrue());
    List<String> ids = results.stream().map(WriteResult::id).toList();
    assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();

    Map<String, Record> read = readAll(c, ids);
    for (int i = 0; i < 3; i++) {
      assertThat(read).containsKey(ids.get(i));
      assertMatches(read.get(ids.get(i)), sampleFields(i));
    }
  }

  @Test
  void emptyAppScansToOneEmptyPage() {
    Connector c = open(SMALL_PAGE);
    Page page = c.scan(objectType(), null);
    assertThat(page.records()).isEmpty();
    assertThat(page.nextPageToken()).isNull();
  }

  @Test
  void scanPagesThroughEveryRecordOnce() {
    Connector c = open(SMALL_PAGE);
    int pageSize = c.capabilities().pageSize();
    int n = 2 * pageSize + 3;
    Set<String> created = new HashSet<>(createAll(c, 0, n));

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page page = c.scan(objectType(), token);
      pages++;
      assertThat(page.records().size())
          .as("records on page " + pages)
          .isLessThanOrEqualTo(pageSize);
      page.records().forEach(r -> seen.add(r.id()));
      token = page.nextPageToken();
      assertThat(pages).as("scan ends").isLessThan(n + 10);
    } while (token != null);

    assertThat(seen).as("no record twice").doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).as("every record once").isEqualTo(created);
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void changesReportCreatesUpdatesAndDeletions() {
    Connector c = open(SMALL_PAGE);
    List<String> ids = createAll(c, 0, 3);
    String kept = ids.get(0);
    String updated = ids.get(1);
    String deleted = ids.get(2);
    String cursor = c.currentCursor(objectType());
    assertThat(cursor).isNotNull();

    List<WriteResult> results =
        c.write(
            objectType(),
            List.of(
                WriteOp.update(updated, Map.of(textField(), "Changed after cursor"), null),
                WriteOp.delete(deleted, null),
                create(3)));
    assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as(String.valueOf(r)).isTrue());
    String createdId = results.get(2).id();

    ChangeSet changes = changesSince(c, cursor);
    assertThat(changes.changed).containsKeys(updated, createdId);
    assertThat(changes.changed.get(updated).get(textField())).isEqualTo("Changed after cursor");
    assertMatches(changes.changed.get(createdId), sampleFields(3));
    assertThat(changes.changed).doesNotContainKey(deleted);

    Capabilities caps = c.capabilities();
    if (caps.reportsDeletions()) {
      assertThat(changes.deleted).contains(deleted);
    }
    if (changes.complete) {
      assertThat(changes.changed.keySet()).contains(kept);
    }
    assertThat(caps.reportsDeletions() || changes.complete)
        .as("a deletion is visible either in deleted or by absence from a complete listing")
        .isTrue();
    assertThat(changes.deleted).doesNotContain(kept, updated, createdId);
  }

  @Test
  void changesPageThroughManyRecords() {
    Connector c = open(SMALL_PAGE);
    int pageSize = c.capabilities().pageSize();
    String cursor = c.currentCursor(objectType());
    int n = 2 * pageSize + 1;
    List<String> ids = createAll(c, 0, n);

    ChangeSet changes = changesSince(c, cursor);
    assertThat(changes.changed.keySet()).containsAll(ids);
    assertThat(changes.pages).as("pages of changes").isGreaterThanOrEqualTo(3);
    assertThat(changes.largestPage).isLessThanOrEqualTo(pageSize);
  }

  @Test
  void readLeavesOutAbsentIds() {
    Connector c = open(SMALL_PAGE);
    List<String> ids = createAll(c, 0, 3);
    List<Record> read = c.read(objectType(), List.of(ids.get(0), unknownId(), ids.get(2)));
    assertThat(read).extracting(Record::id).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
    assertThat(c.read(objectType(), List.of())).isEmpty();
  }

  @Test
  void findByEmailIsCaseInsensitive() {
    Connector c = open(SMALL_PAGE);
    Optional<String> email = emailField(c);
    assumeTrue(email.isPresent(), "the object type has no email field");
    List<String> ids = createAll(c, 0, 3);
    String e0 = sampleFields(0).get(email.get());
    String e2 = sampleFields(2).get(email.get());
    assertThat(e0).as("sampleFields(0) holds an email").isNotBlank();

    List<Record> found =
        c.find(
            objectType(),
            email.get(),
            List.of(e0.toUpperCase(Locale.ROOT), e2.toLowerCase(Locale.ROOT), "nobody@nowhere.io"));
    assertThat(found).extracting(Record::id).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
  }

  @Test
  void updateOfUnknownIdFailsAlone() {
    Connector c = open(SMALL_PAGE);
    String id = createAll(c, 0, 1).get(0);
    List<WriteResult> results =
        c.write(
            objectType(),
            List.of(
                WriteOp.update(unknownId(), Map.of(textField(), "Ghost"), null),
                WriteOp.update(id, Map.of(textField(), "Updated"), null)));

    assertThat(results).hasSize(2);
    assertThat(results.get(0).succeeded()).isFalse();
    assertThat(results.get(0).error().kind())
        .isIn(WriteError.Kind.NOT_FOUND, WriteError.Kind.INVALID);
    assertThat(results.get(0).error().message()).isNotBlank();
    assertThat(results.get(1).succeeded()).as(String.valueOf(results.get(1))).isTrue();
    assertThat(results.get(1).id()).isEqualTo(id);
    assertThat(readOne(c, id).get(textField())).isEqualTo("Updated");
  }

  @Test
  void rejectedItemFailsAlone() {
    Connector c = open(SMALL_PAGE);
    WriteOp rejected = rejectedOp();
    assumeTrue(rejected != null, "the app has no per-item rejection to trigger");
    List<WriteResult> results = c.write(objectType(), List.of(create(0), rejected, create(1)));

    assertThat(results).hasSize(3);
    assertThat(results.get(1).succeeded()).isFalse();
    assertThat(results.get(1).error().message()).isNotBlank();
    assertThat(results.get(0).succeeded()).as(String.valueOf(results.get(0))).isTrue();
    assertThat(results.get(2).succeeded()).as(String.valueOf(results.get(2))).isTrue();
    Map<String, Record> read = readAll(c, List.of(results.get(0).id(), results.get(2).id()));
    assertMatches(read.get(results.get(0).id()), sampleFields(0));
    assertMatches(read.get(results.get(2).id()), sampleFields(1));
  }

  @Test
  void unicodeValuesRoundTrip() {
    Connector c = open(SMALL_PAGE);
    List<String> values =
        List.of(
            "Zoë Ågren",
            "李小龙",
            "Party 🎉👍🏽",
            "Ünïcødé \"quoted\", comma; semi",
            "Ελένη Παπαδοπούλου");
    List<WriteOp> ops = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      ops.add(WriteOp.create(with(sampleFields(i), textField(), values.get(i))));
    }
    List<String> ids = successfulIds(writeChunked(c, ops));

    Map<String, Record> read = readAll(c, ids);
    for (int i = 0; i < values.size(); i++) {
      assertThat(read.get(ids.get(i)).get(textField())).isEqualTo(values.get(i));
    }
    Map<String, Record> scanned = scanAll(c);
    for (int i = 0; i < values.size(); i++) {
      assertThat(scanned.get(ids.get(i)).get(textField())).isEqualTo(values.get(i));
    }

    WriteResult update =
        c.write(
                objectType(),
                List.of(WriteOp.update(ids.get(0), Map.of(textField(), "Ōsaka 大阪"), null)))
            .get(0);
    assertThat(update.succeeded()).as(String.valueOf(update)).isTrue();
    assertThat(readOne(c, ids.get(0)).get(textField())).isEqualTo("Ōsaka 大阪");
  }

  @Test
  void emptyValuesClearFieldsAndAreNeverReported() {
    Connector c = open(SMALL_PAGE);
    List<String> ids =
        successfulIds(
            c.write(
                objectType(),
                List.of(WriteOp.create(with(sampleFields(0), textField(), "")), create(1))));
    Record blank = readOne(c, ids.get(0));
    assertThat(blank.fields()).doesNotContainKey(textField());

    String id = ids.get(1);
    assertThat(readOne(c, id).get(textField())).isNotNull();
    WriteResult cleared =
        c.write(objectType(), List.of(WriteOp.update(id, Map.of(textField(), ""), null))).get(0);
    assertThat(cleared.succeeded()).as(String.valueOf(cleared)).isTrue();

    Record after = readOne(c, id);
    assertThat(after.get(textField())).isNull();
    assertThat(after.fields()).doesNotContainKey(textField());
    Map<String, String> rest = new LinkedHashMap<>(sampleFields(1));
    rest.remove(textField());
    assertMatches(after, rest);
    for (Record r : scanAll(c).values()) {
      assertThat(r.fields().values()).noneMatch(String::isBlank);
    }
  }

  @Test
  void batchAtExactlyBatchSizeWorks() {
    Connector c = open(SMALL_PAGE);
    int batch = c.capabilities().batchSize();
    List<WriteOp> creates = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      creates.add(create(i));
    }
    List<WriteResult> created = c.write(objectType(), creates);
    assertThat(created).hasSize(batch);
    List<String> ids = successfulIds(created);
    assertThat(ids).doesNotHaveDuplicates();

    List<WriteOp> updates = new ArrayList<>();
    for (String id : ids) {
      updates.add(WriteOp.update(id, Map.of(textField(), "Batch " + id), null));
    }
    assertThat(successfulIds(c.write(objectType(), updates))).isEqualTo(ids);

    List<Record> read = c.read(objectType(), ids);
    assertThat(read).hasSize(batch);
    assertThat(read).allSatisfy(r -> assertThat(r.get(textField())).isEqualTo("Batch " + r.id()));

    List<WriteOp> deletes = ids.stream().map(id -> WriteOp.delete(id, null)).toList();
    assertThat(successfulIds(c.write(objectType(), deletes))).hasSize(batch);
    assertThat(scanAll(c)).isEmpty();
  }

  @Test
  void deleteRemovesTheRecord() {
    Connector c = open(SMALL_PAGE);
    List<String> ids = createAll(c, 0, 2);
    WriteResult r = c.write(objectType(), List.of(WriteOp.delete(ids.get(0), null))).get(0);
    assertThat(r.succeeded()).as(String.valueOf(r)).isTrue();
    assertThat(c.read(objectType(), ids)).extracting(Record::id).containsExactly(ids.get(1));
    assertThat(scanAll(c).keySet()).containsExactly(ids.get(1));
  }

  @Test
  void rateLimitSurfacesAsRateLimitedException() {
    Connector c = open(SMALL_PAGE);
    createAll(c, 0, 1);
    assumeTrue(rateLimitNextCall(), "the app cannot be made to rate-limit");
    assertThatThrownBy(() -> c.scan(objectType(), null))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).isNotNull();
              assertThat(e.retryAfter()).isGreaterThan(Duration.ZERO);
              assertThat(e.isTransient()).isTrue();
              assertThat(e.getMessage()).isNotBlank();
            });
    assertThat(c.scan(objectType(), null).records()).as("the call after succeeds").hasSize(1);
  }

  @Test
  void everyCallIsReportedToTheMeter() {
    Connector c = open(SMALL_PAGE);
    String id = createAll(c, 0, 1).get(0);
    String cursor = c.currentCursor(objectType());

    assertCounted("scan", () -> c.scan(objectType(), null));
    assertCounted("read", () -> c.read(objectType(), List.of(id)));
    assertCounted(
        "write",
        () ->
            c.write(
                objectType(), List.of(WriteOp.update(id, Map.of(textField(), "Metered"), null))));
    assertCounted("changes", () -> c.changes(objectType(), cursor));
    Optional<String> email = emailField(c);
    if (email.isPresent()) {
      assertCounted(
          "find",
          () -> c.find(objectType(), email.get(), List.of(sampleFields(0).get(email.get()))));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Opens a connector on a fresh app through {@link #connect}; closed after the test. */
  protected Connector open(int pageSize) {
    Connector c = connect(new ConnectorContext(meter, Clock.systemUTC(), baseDir), pageSize);
    assertThat(c).as("connect() returns a connector").isNotNull();
    opened.add(c);
    return c;
  }

  @AfterEach
  void closeConnectors() {
    for (Connector c : opened) {
      c.close();
    }
    opened.clear();
  }

  private Schema schemaCache;

  private Schema sharedSchema() {
    if (schemaCache == null) {
      Connector c = opened.isEmpty() ? open(SMALL_PAGE) : opened.get(0);
      schemaCache = c.schema(objectType());
    }
    return schemaCache;
  }

  protected Optional<String> emailField(Connector c) {
    return c.schema(objectType()).byCanonical(CanonicalFields.EMAIL).map(FieldDef::name);
  }

  protected WriteOp create(int i) {
    return WriteOp.create(sampleFields(i));
  }

  /** Creates records {@code from..from+count-1} in batches; returns their ids in order. */
  protected List<String> createAll(Connector c, int from, int count) {
    List<WriteOp> ops = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      ops.add(create(i));
    }
    return successfulIds(writeChunked(c, ops));
  }

  protected List<WriteResult> writeChunked(Connector c, List<WriteOp> ops) {
    int batch = c.capabilities().batchSize();
    List<WriteResult> out = new ArrayList<>();
    for (int i = 0; i < ops.size(); i += batch) {
      List<WriteOp> chunk = ops.subList(i, Math.min(ops.size(), i + batch));
      List<WriteResult> results = c.write(objectType(), chunk);
      assertThat(results).as("one result per op").hasSize(chunk.size());
      out.addAll(results);
    }
    return out;
  }

  protected static List<String> successfulIds(List<WriteResult> results) {
    assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as(String.valueOf(r)).isTrue());
    List<String> ids = results.stream().map(WriteResult::id).toList();
    assertThat(ids).doesNotContainNull();
    return ids;
  }

  protected Map<String, Record> readAll(Connector c, List<String> ids) {
    int batch = c.capabilities().batchSize();
    Map<String, Record> out = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i += batch) {
      for (Record r : c.read(objectType(), ids.subList(i, Math.min(ids.size(), i + batch)))) {
        out.put(r.id(), r);
      }
    }
    return out;
  }

  protected Record readOne(Connector c, String id) {
    List<Record> read = c.read(objectType(), List.of(id));
    assertThat(read).as("read " + id).hasSize(1);
    return read.get(0);
  }

  /** Every record of the app by id, through all scan pages. */
  protected Map<String, Record> scanAll(Connector c) {
    Map<String, Record> out = new LinkedHashMap<>();
    String token = null;
    int pages = 0;
    do {
      Page page = c.scan(objectType(), token);
      page.records().forEach(r -> out.put(r.id(), r));
      token = page.nextPageToken();
      assertThat(++pages).as("scan ends").isLessThan(100_000);
    } while (token != null);
    return out;
  }

  /** Changes since a cursor, following every page. */
  protected ChangeSet changesSince(Connector c, String cursor) {
    ChangeSet set = new ChangeSet();
    String next = cursor;
    Changes page;
    do {
      page = c.changes(objectType(), next);
      set.pages++;
      set.largestPage = Math.max(set.largestPage, page.changed().size());
      page.changed().forEach(r -> set.changed.put(r.id(), r));
      set.deleted.addAll(page.deleted());
      assertThat(page.nextCursor()).as("nextCursor").isNotNull();
      next = page.nextCursor();
      assertThat(set.pages).as("changes end").isLessThan(100_000);
    } while (page.hasMore());
    set.complete = page.complete();
    return set;
  }

  /** What {@link #changesSince} saw. */
  protected static final class ChangeSet {
    public final Map<String, Record> changed = new LinkedHashMap<>();
    public final Set<String> deleted = new LinkedHashSet<>();
    public boolean complete;
    public int pages;
    public int largestPage;
  }

  /** Asserts the record holds the expected non-blank values (emails compared ignoring case). */
  protected void assertMatches(Record r, Map<String, String> expected) {
    assertThat(r).as("record").isNotNull();
    Schema schema = sharedSchema();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      if (e.getValue() == null || e.getValue().isBlank()) {
        assertThat(r.get(e.getKey())).as(e.getKey() + " of " + r.id()).isNull();
        continue;
      }
      boolean email =
          schema
              .field(e.getKey())
              .map(f -> CanonicalFields.EMAIL.equals(f.canonical()))
              .orElse(false);
      if (email) {
        assertThat(r.get(e.getKey()))
            .as(e.getKey() + " of " + r.id())
            .isEqualToIgnoringCase(e.getValue());
      } else {
        assertThat(r.get(e.getKey())).as(e.getKey() + " of " + r.id()).isEqualTo(e.getValue());
      }
    }
  }

  protected static Map<String, String> with(Map<String, String> fields, String key, String value) {
    Map<String, String> out = new LinkedHashMap<>(fields);
    out.put(key, value);
    return out;
  }

  private void assertCounted(String what, Runnable call) {
    long before = meter.total();
    call.run();
    assertThat(meter.total())
        .as(what + " reports its API calls to the meter; seen: " + meter.byEndpoint())
        .isGreaterThan(before);
  }
}
