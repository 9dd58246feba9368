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
    return read(side, cursor, dropEchoes, null);
  }

  /**
   * Reads one side's changes since {@code cursor}, starting with a first page already asked for.
   *
   * @param first the first page of changes since {@code cursor}, asked for ahead ({@link
   *     #askAhead}), or null to ask for it now
   */
  ChangeSet read(Side side, String cursor, boolean dropEchoes, FirstPage first) {
    ctx.progress.phase(ctx.type().id() + ": reading changes in " + side.label(), -1);
    ChangeSet set = new ChangeSet();
    try {
      String c = cursor;
      boolean complete = false;
      Changes page;
      FirstPage ahead = first;
      do {
        if (ahead != null) {
          page = ahead.get();
          ahead = null;
        } else {
          page = ctx.connector(side).changes(ctx.type(), c);
        }
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

  /**
   * Asks one side for its first page of changes on a thread of its own, so that the wait for an
   * app's answer (a CardDAV server's report, say) overlaps the reading of the other side. Only the
   * connector call runs there: the two sides are different apps (the config requires it), each
   * connector is used by one thread at a time, and everything the engine does with the page still
   * happens on the run's thread.
   */
  FirstPage askAhead(Side side, String cursor) {
    java.util.concurrent.FutureTask<Changes> task =
        new java.util.concurrent.FutureTask<>(
            () -> ctx.connector(side).changes(ctx.type(), cursor));
    Thread t = new Thread(task, "tandem-changes-" + side.label());
    t.setDaemon(true);
    t.start();
    return new FirstPage(task, t);
  }

  /** A first page of changes being read ahead. */
  static final class FirstPage {
    private final java.util.concurrent.FutureTask<Changes> task;
    private final Thread worker;

    private FirstPage(java.util.concurrent.FutureTask<Changes> task, Thread worker) {
      this.task = task;
      this.worker = worker;
    }

    /** The page, or what the connector threw, as if it had been called on this thread. */
    Changes get() {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return task.get();
          } catch (InterruptedException e) {
            // Pass the interrupt on (a connector stops waiting for its app), but wait for the call
            // to end: the connector is used next, and never by two threads at once.
            interrupted = true;
            worker.interrupt();
          }
        }
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /**
     * Waits for the call to end, whatever its outcome, so that no other thread is still inside the
     * connector when the run moves on (after the other side failed, say).
     */
    void settle() {
      try {
        get();
      } catch (RuntimeException | Error ignored) {
        // the run already fails for another reason; this side's outcome no longer matters
      }
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
