package dev.tandem.engine.service;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.Schema;
import dev.tandem.engine.ForwardingConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Keeps an app's schemas for a while, so that a targeted run (a webhook's few records) costs one
 * read call instead of a schema call per side and object type on top. Scheduled runs {@link
 * #forget} first and read the schemas anew, so field changes in the app show up there as before.
 */
final class CachedSchemas extends ForwardingConnector {
  private record Cached(Schema schema, Instant at) {}

  private final Duration ttl;
  private final Clock clock;
  private final Map<ObjectType, Cached> cache = new EnumMap<>(ObjectType.class);

  CachedSchemas(Connector inner, Duration ttl, Clock clock) {
    super(inner);
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public synchronized Schema schema(ObjectType type) {
    Instant now = clock.instant();
    Cached c = cache.get(type);
    if (c == null || !now.isBefore(c.at().plus(ttl))) {
      c = new Cached(inner.schema(type), now);
      cache.put(type, c);
    }
    return c.schema();
  }

  synchronized void forget() {
    cache.clear();
  }
}
