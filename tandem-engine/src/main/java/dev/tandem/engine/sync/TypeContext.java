package dev.tandem.engine.sync;

import dev.tandem.core.mapping.MappingResolver;
import dev.tandem.core.mapping.MappingSet;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.rules.Scope;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorException;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.RateLimitedException;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteError;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import dev.tandem.core.sync.MatchKeyer;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.core.sync.PairPlanner;
import dev.tandem.core.sync.PairPlanner.Flow;
import dev.tandem.engine.Counts;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.SyncKey;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a run of one object type of one connection works with: the two connectors, their
 * schemas, the resolved mappings, rules and match keys, the store, and the run's counters.
 */
public final class TypeContext {
  final SyncKey key;
  final ObjectSyncSpec spec;
  final Connector a;
  final Connector b;
  final Schema schemaA;
  final Schema schemaB;
  final MappingSet mappings;
  final PairPlanner planner;
  final MatchKeyer keyer;
  final Scope scope;
  final StateStore store;
  final Clock clock;
  final Counts counts;
  final long runId;
  final ProgressListener progress;
  final int onePass;

  /**
   * Reads both schemas and resolves the mappings and match keys of one object type.
   *
   * @throws dev.tandem.core.spi.ConfigException when a mapping or match field does not fit the apps
   */
  TypeContext(RunEnv env, ObjectSyncSpec spec, Connector a, Connector b, Counts counts) {
    this.key = new SyncKey(env.connection(), spec.type());
    this.spec = spec;
    this.schemaA = a.schema(spec.type());
    this.schemaB = b.schema(spec.type());
    this.a = ReferenceResolver.wrap(a, Side.A, env.connection(), env.store(), schemaA);
    this.b = ReferenceResolver.wrap(b, Side.B, env.connection(), env.store(), schemaB);
    this.mappings = MappingResolver.resolve(spec.type(), schemaA, schemaB, spec.fields());
    this.planner = new PairPlanner(mappings, spec.conflict());
    this.keyer = new MatchKeyer(spec.match(), schemaA, schemaB);
    this.scope = new Scope(spec.rules());
    this.store = env.store();
    this.clock = env.clock();
    this.runId = env.runId();
    this.progress = env.progress();
    this.onePass = env.onePass();
    this.counts = counts;
  }

  private TypeContext(TypeContext base, StateStore store) {
    this.key = base.key;
    this.spec = base.spec;
    this.schemaA = base.schemaA;
    this.schemaB = base.schemaB;
    this.a = base.a;
    this.b = base.b;
    this.mappings = base.mappings;
    this.planner = base.planner;
    this.keyer = base.keyer;
    this.scope = base.scope;
    this.store = store;
    this.clock = base.clock;
    this.runId = base.runId;
    this.progress = base.progress;
    this.onePass = base.onePass;
    this.counts = base.counts;
  }

  /** The same context over another view of the store (the initial sync's write-behind). */
  TypeContext withStore(StateStore other) {
    return new TypeContext(this, other);
  }

  ObjectType type() {
    return key.type();
  }

  Connector connector(Side side) {
    return side == Side.A ? a : b;
  }

  Schema schema(Side side) {
    return side == Side.A ? schemaA : schemaB;
  }

  int batchSize(Side side) {
    return Math.max(1, connector(side).capabilities().batchSize());
  }

  public Counts counts() {
    return counts;
  }

  /** A record's fields for rule conditions: native names, or canonical names the app maps. */
  Function<String, String> fields(Side side, Record record) {
    Schema schema = schema(side);
    return name -> {
      String v = record.get(name);
      if (v == null) {
        v = schema.byCanonical(name).map(FieldDef::name).map(record::get).orElse(null);
      }
      return v;
    };
  }

  Scope.Decision decide(Side side, Record record) {
    return scope.decide(side, fields(side, record));
  }

  /**
   * Which ways a pair may sync. A side whose record is unknown (null: unchanged) keeps the scope it
   * had at the last sync, remembered in the snapshot.
   */
  Flow flow(Record ra, Record rb, Map<String, String> snapshot) {
    boolean aIn;
    boolean bIn;
    Map<String, String> setOnB = Map.of();
    Map<String, String> setOnA = Map.of();
    if (ra != null) {
      Scope.Decision d = decide(Side.A, ra);
      aIn = d.inScope();
      setOnB = d.set();
    } else {
      aIn = !"out".equals(snapshot == null ? null : snapshot.get(Snapshots.SCOPE_A));
    }
    if (rb != null) {
      Scope.Decision d = decide(Side.B, rb);
      bIn = d.inScope();
      setOnA = d.set();
    } else {
      bIn = !"out".equals(snapshot == null ? null : snapshot.get(Snapshots.SCOPE_B));
    }
    return new Flow(aIn, bIn, setOnA, setOnB);
  }

  /** Reads records by id in batches of the app's size; ids the app no longer has are left out. */
  Map<String, Record> readAll(Side side, java.util.List<String> ids) {
    Map<String, Record> out = new java.util.HashMap<>();
    int batch = batchSize(side);
    for (int from = 0; from < ids.size(); from += batch) {
      for (Record r :
          connector(side).read(type(), ids.subList(from, Math.min(ids.size(), from + batch)))) {
        out.put(r.id(), r);
      }
    }
    return out;
  }

  /**
   * Sends writes in batches of the app's size and returns one result per operation, in order. A
   * batch the app refused as a whole (after the retries) fails its items as transient, to be tried
   * again later; an exhausted daily quota ends the run.
   */
  java.util.List<WriteResult> writeAll(Side side, java.util.List<WriteOp> ops) {
    java.util.List<WriteResult> out = new java.util.ArrayList<>(ops.size());
    int batch = batchSize(side);
    for (int from = 0; from < ops.size(); from += batch) {
      java.util.List<WriteOp> chunk = ops.subList(from, Math.min(ops.size(), from + batch));
      java.util.List<WriteResult> results;
      try {
        results = connector(side).write(type(), chunk);
        if (results.size() != chunk.size()) {
          throw new ConnectorException(
              "app "
                  + side.label()
                  + " answered "
                  + results.size()
                  + " results for "
                  + chunk.size()
                  + " writes",
              false);
        }
      } catch (RateLimitedException e) {
        if (e.daily()) {
          throw e;
        }
        results = failed(chunk, e.getMessage());
      } catch (ConnectorException e) {
        results = failed(chunk, e.getMessage());
      }
      out.addAll(results);
    }
    return out;
  }

  private static java.util.List<WriteResult> failed(java.util.List<WriteOp> chunk, String reason) {
    return chunk.stream()
        .map(op -> WriteResult.failed(op.id(), new WriteError(WriteError.Kind.TRANSIENT, reason)))
        .toList();
  }

  /**
   * Whether a changed record holds exactly what was last synced (our own write coming back, or an
   * edit of a field that does not sync) and is still in the scope it was: then there is nothing to
   * do, and skipping it early keeps the first run after an initial sync cheap.
   */
  boolean isEcho(Side side, Record record, dev.tandem.engine.store.Link link) {
    Map<String, String> snap = link.snapshot();
    for (dev.tandem.core.mapping.FieldMapping m : mappings.mappings()) {
      if (!java.util.Objects.equals(m.compared(side, record), snap.get(m.key()))) {
        return false;
      }
    }
    Scope.Decision d = decide(side, record);
    String flag = snap.get(side == Side.A ? Snapshots.SCOPE_A : Snapshots.SCOPE_B);
    boolean wasIn = !"out".equals(flag);
    if (d.inScope() != wasIn) {
      return false;
    }
    String prefix = "=" + side.other().label() + ".";
    for (Map.Entry<String, String> set : d.set().entrySet()) {
      if (!set.getValue().equals(snap.get(prefix + set.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Records the app listed but could not read (a malformed vCard) become failing health entries
   * with the reason; they are tried again when they change.
   */
  void reportProblems(Side side, java.util.List<dev.tandem.core.spi.ReadProblem> problems) {
    if (problems.isEmpty()) {
      return;
    }
    java.time.Instant now = clock.instant();
    java.util.List<dev.tandem.engine.store.HealthEntry> entries = new java.util.ArrayList<>();
    for (dev.tandem.core.spi.ReadProblem p : problems) {
      entries.add(
          new dev.tandem.engine.store.HealthEntry(
              side,
              p.id(),
              dev.tandem.engine.store.HealthState.FAILING,
              "could not read it from " + side.label() + ": " + p.reason(),
              1,
              null,
              now));
      counts.fail();
    }
    store.inTransaction(() -> store.putHealth(key, entries));
  }
}
