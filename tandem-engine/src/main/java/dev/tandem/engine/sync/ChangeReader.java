package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.Changes;
import dev.tandem.core.spi.CursorExpiredException;
import dev.tandem.core.spi.Page;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one side's changes since its cursor, page by page; when the app no longer accepts the
 * cursor, falls back to a full scan (and takes a fresh cursor first).
 */
final class ChangeReader {
  private static final Logger log = LoggerFactory.getLogger(ChangeReader.class);
  private final TypeContext ctx;

  ChangeReader(TypeContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Reads one side's changes since {@code cursor}.
   *
   * @param dropEchoes whether to drop, page by page, linked records that hold exactly what was last
   *     synced (our own writes coming back): the first run after an initial sync reads every record
   *     that sync wrote, and keeping them all in memory would cost as much as the sync itself. Not
   *     for complete listings, where a missing id means a deletion.
   */
  ChangeSet read(Side side, String cursor, boolean dropEchoes) {
    ctx.progress.phase(ctx.type().id() + ": reading changes in " + side.label(), -1);
    ChangeSet set = new ChangeSet();
    try {
      String c = cursor;
      boolean complete = false;
      Changes page;
      do {
        page = ctx.connector(side).changes(ctx.type(), c);
        List<Record> changed = page.changed();
        long echoes = 0;
        if (dropEchoes) {
          List<Record> kept = withoutEchoes(side, changed);
          echoes = changed.size() - kept.size();
          changed = kept;
        }
        changed.forEach(set::add);
        set.echoes += echoes;
        page.deleted().forEach(set::delete);
        page.problems().forEach(p -> set.unreadable.add(p.id()));
        ctx.reportProblems(side, page.problems());
        complete = page.complete();
        c = page.nextCursor();
        ctx.counts.read(page.changed().size());
        ctx.progress.advance(page.changed().size());
      } while (page.hasMore());
      set.nextCursor = c;
      set.complete = complete;
      return set;
    } catch (CursorExpiredException e) {
      log.warn(
          "{}: {} no longer accepts the change cursor ({}); scanning all records instead",
          ctx.key,
          side.label(),
          e.getMessage());
      return scan(side);
    }
  }

  private List<Record> withoutEchoes(Side side, List<Record> records) {
    if (records.isEmpty()) {
      return records;
    }
    java.util.Map<String, dev.tandem.engine.store.Link> links =
        ctx.store.links(ctx.key, side, records.stream().map(Record::id).toList());
    List<Record> kept = new java.util.ArrayList<>(records.size());
    for (Record r : records) {
      dev.tandem.engine.store.Link l = links.get(r.id());
      if (l == null || !ctx.isEcho(side, r, l)) {
        kept.add(r);
      }
    }
    return kept;
  }

  private ChangeSet scan(Side side) {
    ChangeSet set = new ChangeSet();
    boolean fromScan = ctx.connector(side).scanYieldsCursor();
    set.nextCursor = fromScan ? null : ctx.connector(side).currentCursor(ctx.type());
    String token = null;
    do {
      Page page = ctx.connector(side).scan(ctx.type(), token);
      for (Record r : page.records()) {
        set.add(r);
      }
      page.problems().forEach(p -> set.unreadable.add(p.id()));
      ctx.reportProblems(side, page.problems());
      ctx.counts.read(page.records().size());
      if (page.cursor() != null) {
        set.nextCursor = page.cursor();
      }
      token = page.nextPageToken();
    } while (token != null);
    if (set.nextCursor == null) {
      set.nextCursor = ctx.connector(side).currentCursor(ctx.type());
    }
    set.complete = true;
    return set;
  }
}
