package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.engine.store.IndexEntry;
import dev.tandem.engine.store.Intent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves creates that were sent but never confirmed (the run crashed or the app timed out): looks
 * each one up by its match key, links it when it exists, and forgets the intent otherwise so that
 * the create is simply decided again. Runs before anything else, so a crash never duplicates a
 * record.
 */
final class IntentRecovery {
  private static final Logger log = LoggerFactory.getLogger(IntentRecovery.class);
  private final TypeContext ctx;
  private final PageApplier applier;

  IntentRecovery(TypeContext ctx, PageApplier applier) {
    this.ctx = ctx;
    this.applier = applier;
  }

  void run() {
    List<Intent> intents = ctx.store.intents(ctx.key);
    if (intents.isEmpty()) {
      return;
    }
    log.info(
        "{}: resolving {} create(s) left unconfirmed by an earlier run", ctx.key, intents.size());
    for (Side target : Side.values()) {
      List<Intent> mine = intents.stream().filter(i -> i.target() == target).toList();
      int batch = ctx.batchSize(target);
      for (int from = 0; from < mine.size(); from += batch) {
        resolve(target, mine.subList(from, Math.min(mine.size(), from + batch)));
      }
    }
  }

  private void resolve(Side target, List<Intent> intents) {
    Side source = target.other();
    List<String> values = new ArrayList<>();
    for (Intent i : intents) {
      String v = i.matchKey() == null ? null : ctx.keyer.lookupValue(i.matchKey());
      if (v != null) {
        values.add(v);
      }
    }
    Map<String, Record> found = new HashMap<>();
    if (!values.isEmpty()) {
      for (Record r :
          ctx.connector(target).find(ctx.type(), ctx.keyer.primaryField(target), values)) {
        String k = ctx.keyer.key(target, r);
        if (k != null) {
          found.put(k, r);
        }
      }
    }
    List<String> sourceIds = intents.stream().map(Intent::sourceId).toList();
    Map<String, IndexEntry> indexed = ctx.store.indexById(ctx.key, source, sourceIds);
    List<Work> works = new ArrayList<>();
    List<String> toRead = new ArrayList<>();
    for (Intent i : intents) {
      Record created = found.get(i.matchKey());
      if (created == null) {
        continue;
      }
      IndexEntry e = indexed.get(i.sourceId());
      if (e == null || e.record() == null) {
        toRead.add(i.sourceId());
      } else {
        works.add(match(source, e.record(), created, i.matchKey()));
      }
    }
    if (!toRead.isEmpty()) {
      for (Record r : ctx.connector(source).read(ctx.type(), toRead)) {
        String k = ctx.keyer.key(source, r);
        Record created = found.get(k);
        if (created != null) {
          works.add(match(source, r, created, k));
        }
      }
    }
    ctx.store.removeIntents(ctx.key, target, sourceIds);
    applier.apply(works);
  }

  private static Work match(Side source, Record sourceRecord, Record created, String key) {
    return source == Side.A
        ? new Work.NewMatch(sourceRecord, created, key, false)
        : new Work.NewMatch(created, sourceRecord, key, false);
  }
}
