package dev.tandem.engine;

import dev.tandem.core.spi.Connector;
import dev.tandem.core.sync.ObjectSyncSpec;
import java.util.List;

/**
 * A connection ready to run: its two connectors (each with the meter its API calls are counted on)
 * and what syncs for each object type.
 */
public record SyncConnection(
    String name,
    Connector a,
    CallMeter meterA,
    Connector b,
    CallMeter meterB,
    List<ObjectSyncSpec> objects) {
  public SyncConnection {
    objects = List.copyOf(objects);
  }
}
