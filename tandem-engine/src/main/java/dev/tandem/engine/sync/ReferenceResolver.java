package dev.tandem.engine.sync;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.schema.CanonicalFields;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.Page;
import dev.tandem.core.spi.Schema;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import dev.tandem.engine.store.Link;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.SyncKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes relationships comparable across apps. A reference field (a contact's company, a deal's
 * contact) holds a native id of the other object type; through this connector wrapper, every record
 * the engine sees holds the <em>A-side</em> id of the referenced record instead, or nothing when
 * that record is not linked (yet), and every write gets the id back in the target app's terms.
 * Companies sync before contacts and deals in a run, so references to records created in the same
 * run resolve.
 */
final class ReferenceResolver extends dev.tandem.engine.ForwardingConnector {
  private final Side side;
  private final String connection;
  private final StateStore store;
  private final Map<String, ObjectType> refFields = new HashMap<>();

  private ReferenceResolver(
      Connector inner, Side side, String connection, StateStore store, Schema schema) {
    super(inner);
    this.side = side;
    this.connection = connection;
    this.store = store;
    for (FieldDef f : schema.fields()) {
      if (f.type() == FieldDef.FieldType.REFERENCE && f.canonical() != null) {
        ObjectType target = target(f.canonical());
        if (target != null) {
          refFields.put(f.name(), target);
        }
      }
    }
  }

  /** Wraps a connector when its schema has reference fields; otherwise returns it as it is. */
  static Connector wrap(
      Connector c, Side side, String connection, StateStore store, Schema schema) {
    ReferenceResolver r = new ReferenceResolver(c, side, connection, store, schema);
    return r.refFields.isEmpty() ? c : r;
  }

  private static ObjectType target(String canonical) {
    return switch (canonical) {
      case CanonicalFields.COMPANY_REF -> ObjectType.COMPANY;
      case CanonicalFields.CONTACT_REF -> ObjectType.CONTACT;
      default -> null;
    };
  }

  private List<Record> resolve(List<Record> records) {
    Map<String, Map<String, String>> toA = new HashMap<>();
    for (Map.Entry<String, ObjectType> f : refFields.entrySet()) {
      Set<String> ids = new HashSet<>();
      records.forEach(
          r -> {
            if (r.get(f.getKey()) != null) {
              ids.add(r.get(f.getKey()));
            }
          });
      Map<String, String> m = new HashMap<>();
      if (!ids.isEmpty()) {
        store
            .links(new SyncKey(connection, f.getValue()), side, ids)
            .forEach((id, l) -> m.put(id, l.aId()));
      }
      toA.put(f.getKey(), m);
    }
    List<Record> out = new ArrayList<>(records.size());
    for (Record r : records) {
      if (!hasReference(r.fields())) {
        // Nothing to translate: no copy (a scan of a million records would copy a million maps).
        out.add(r);
        continue;
      }
      Map<String, String> fields = new HashMap<>(r.fields());
      for (String f : refFields.keySet()) {
        String v = fields.remove(f);
        String a = v == null ? null : toA.get(f).get(v);
        if (a != null) {
          fields.put(f, a);
        }
      }
      out.add(new Record(r.id(), fields, r.modified(), r.version()));
    }
    return out;
  }

  private boolean hasReference(Map<String, String> fields) {
    for (String f : refFields.keySet()) {
      if (fields.containsKey(f)) {
        return true;
      }
    }
    return false;
  }

  private List<WriteOp> translate(List<WriteOp> ops) {
    Map<String, Map<String, String>> fromA = new HashMap<>();
    for (Map.Entry<String, ObjectType> f : refFields.entrySet()) {
      Set<String> ids = new HashSet<>();
      ops.forEach(
          op -> {
            String v = op.fields().get(f.getKey());
            if (v != null && !v.isEmpty()) {
              ids.add(v);
            }
          });
      Map<String, String> m = new HashMap<>();
      if (!ids.isEmpty()) {
        Map<String, Link> links = store.links(new SyncKey(connection, f.getValue()), Side.A, ids);
        links.forEach((aId, l) -> m.put(aId, side == Side.A ? l.aId() : l.bId()));
      }
      fromA.put(f.getKey(), m);
    }
    List<WriteOp> out = new ArrayList<>(ops.size());
    for (WriteOp op : ops) {
      if (!hasReference(op.fields())) {
        out.add(op);
        continue;
      }
      Map<String, String> fields = new HashMap<>(op.fields());
      for (String f : refFields.keySet()) {
        String v = fields.get(f);
        if (v != null && !v.isEmpty()) {
          String nativeId = fromA.get(f).get(v);
          if (nativeId == null) {
            fields.remove(f);
          } else {
            fields.put(f, nativeId);
          }
        }
      }
      out.add(new WriteOp(op.kind(), op.id(), fields, op.ifMatch()));
    }
    return out;
  }

  @Override
  public Page scan(ObjectType type, String pageToken) {
    Page p = inner.scan(type, pageToken);
    return new Page(resolve(p.records()), p.nextPageToken(), p.problems(), p.cursor());
  }

  @Override
  public Changes changes(ObjectType type, String cursor) {
    Changes c = inner.changes(type, cursor);
    return new Changes(
        resolve(c.changed()), c.deleted(), c.nextCursor(), c.hasMore(), c.complete(), c.problems());
  }

  @Override
  public List<Record> read(ObjectType type, List<String> ids) {
    return resolve(inner.read(type, ids));
  }

  @Override
  public List<Record> find(ObjectType type, String field, List<String> values) {
    return resolve(inner.find(type, field, values));
  }

  @Override
  public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
    return inner.write(type, translate(ops));
  }
}
