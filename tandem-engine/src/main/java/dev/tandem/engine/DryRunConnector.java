package dev.tandem.engine;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads through to the app but only records writes, answering each as if it succeeded, so that a
 * dry run computes exactly the plan a real run would carry out.
 */
final class DryRunConnector extends ForwardingConnector {
  private final Side side;
  private final List<PlannedWrite> plan;
  private int created;

  DryRunConnector(Connector inner, Side side, List<PlannedWrite> plan) {
    super(inner);
    this.side = side;
    this.plan = plan;
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
