package dev.tandem.connector.memory;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.schema.CanonicalFields;
import dev.tandem.core.spi.ApiMeter;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.FieldDef.FieldType;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A connector to a {@link MemoryApp}. Native field names are the canonical names; fields the app
 * holds beyond those are listed in the schema with no canonical name. The change cursor is the
 * app's change sequence number (reported as {@code TIMESTAMP} mode), and deletions are reported.
 *
 * <p>Every call counts as one API call, reported to the meter as {@code scan}, {@code changes},
 * {@code read}, {@code find} or {@code write}, and passes the app's {@link Faults} first.
 */
public final class MemoryConnector implements Connector {
  private final MemoryApp app;
  private final ApiMeter meter;
  private final Capabilities capabilities;
  private final Map<String, Long> calls = new TreeMap<>();

  public MemoryConnector(MemoryApp app, ApiMeter meter, int pageSize, int batchSize) {
    if (pageSize < 1 || batchSize < 1) {
      throw new IllegalArgumentException("page and batch sizes must be positive");
    }
    this.app = app;
    this.meter = meter;
    this.capabilities =
        new Capabilities(
            EnumSet.allOf(ObjectType.class),
            pageSize,
            batchSize,
            Capabilities.ChangeMode.TIMESTAMP,
            true,
            false);
  }

  public MemoryApp app() {
    return app;
  }

  /** This connector's API calls per endpoint. */
  public synchronized Map<String, Long> callCounts() {
    return Map.copyOf(calls);
  }

  /** This connector's API calls in all. */
  public synchronized long calls() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public Schema schema(ObjectType type) {
    List<FieldDef> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String name : CanonicalFields.of(type)) {
      fields.add(new FieldDef(name, name, typeOf(name), List.of(), false));
      names.add(name);
    }
    for (String name : app.fieldNames(type)) {
      if (names.add(name)) {
        fields.add(new FieldDef(name, null, FieldType.STRING, List.of(), false));
      }
    }
    return new Schema(type, fields);
  }

  private static FieldType typeOf(String canonical) {
    if (canonical.equals(CanonicalFields.EMAIL)) {
      return FieldType.EMAIL;
    }
    if (canonical.equals(CanonicalFields.TAGS)) {
      return FieldType.MULTI;
    }
    if (canonical.endsWith("Ref")) {
      return FieldType.REFERENCE;
    }
    return FieldType.STRING;
  }

  @Override
  public Page scan(ObjectType type, String pageToken) {
    return call("scan", () -> app.scan(type, pageToken, capabilities.pageSize()));
  }

  @Override
  public String currentCursor(ObjectType type) {
    return Long.toString(app.sequence());
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    return call("changes", () -> app.changes(type, cursor, capabilities.pageSize()));
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    checkBatch("read", ids.size());
    return call("read", () -> app.read(type, ids));
  }

  @Override
  public List<Record> find(ObjectType type, String field, List<String> values) {
    checkBatch("find", values.size());
    return call("find", () -> app.find(type, field, values));
  }

  @Override
  public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    checkBatch("write", ops.size());
    return call("write", () -> app.write(type, ops));
  }

  private <T> T call(String endpoint, Supplier<T> op) {
    meter.call(endpoint);
    synchronized (this) {
      calls.merge(endpoint, 1L, Long::sum);
    }
    boolean crashAfter = app.beforeCall(endpoint);
    T result = op.get();
    if (crashAfter) {
      app.faults().failAfterApplied(endpoint);
    }
    return result;
  }

  /** An oversized batch is the caller's bug; the app refuses it as a real API answers 400. */
  private void checkBatch(String endpoint, int size) {
    if (size > capabilities.batchSize()) {
      throw new ConnectorException(
          "memory app '"
              + app.name()
              + "': "
              + endpoint
              + " of "
              + size
              + " items exceeds the batch size "
              + capabilities.batchSize(),
          false);
    }
  }

  @Override
  public String toString() {
    return "MemoryConnector[" + app.name() + "]";
  }
}
