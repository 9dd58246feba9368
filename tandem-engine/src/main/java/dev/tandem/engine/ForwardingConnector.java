package dev.tandem.engine;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.util.List;

/**
 * A connector that passes every call to another; the engine's wrappers (retries, dry runs,
 * relationship translation) override only the calls they change.
 */
public abstract class ForwardingConnector implements Connector {
  protected final Connector inner;

  protected ForwardingConnector(Connector inner) {
    this.inner = inner;
  }

  @Override
  public Capabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public Schema schema(ObjectType type) {
    return inner.schema(type);
  }

  @Override
  public Page scan(ObjectType type, String pageToken) {
    return inner.scan(type, pageToken);
  }

  @Override
  public boolean scanYieldsCursor() {
    return inner.scanYieldsCursor();
  }

  @Override
  public String currentCursor(ObjectType type) {
    return inner.currentCursor(type);
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    return inner.changes(type, cursor);
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    return inner.read(type, ids);
  }

  @Override
  public List<Record> find(ObjectType type, String field, List<String> values) {
    return inner.find(type, field, values);
  }

  @Override
  public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    return inner.write(type, ops);
  }

  @Override
  public java.util.Optional<dev.tandem.core.spi.WebhookReceiver> webhooks() {
    return inner.webhooks();
  }

  @Override
  public void close() {
    inner.close();
  }
}
