package dev.tandem.engine;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.WriteOp;
import java.util.Map;

/** One write a dry run would make. */
public record PlannedWrite(
    ObjectType type, Side side, WriteOp.Kind kind, String id, Map<String, String> fields) {}
