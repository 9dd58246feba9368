package dev.tandem.engine;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.Capabilities;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads through to the app but only records writes, answering each as if it succeeded, so that a
 * dry run computes exactly the plan a real run would carry out.
 */
final class DryRunConnector implements Connector {
  private final Connector inner;
  private final Side side;
  private final List<PlannedWrite> plan;
  private int created;

  DryRunConnector(Connector inner, Side side, List<PlannedWrite> plan) {
    this.inner = inner;
    this.side = side;
    this.plan = plan;
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
    List<WriteResult> out = new ArrayList<>();
    for (WriteOp op : ops) {
      String id = op.kind() == WriteOp.Kind.CREATE ? "(new " + (++created) + ")" : op.id();
      plan.add(new PlannedWrite(type, side, op.kind(), id, op.fields()));
      out.add(WriteResult.ok(id, null));
    }
    return out;
  }
}
