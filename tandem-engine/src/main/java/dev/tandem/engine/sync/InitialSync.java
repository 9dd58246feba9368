package dev.tandem.engine.sync;

import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.Page;
import dev.tandem.engine.store.IndexEntry;
import dev.tandem.engine.store.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initial sync (also a full resync): index all of B; scan A page by page, matching each record
 * against B's index and merging matched pairs; then create on B the A records that found no match,
 * and on A the B records that found none — from the index, without a second scan. Cursors are taken
 * before scanning and stored at the end, so changes made during the scan are read again next time.
 * Existing links (a resumed or full run) are merged three-way, never matched again. An A small
 * enough to hold ({@link RunEnv#onePass}) is read whole first, and its matches and creates are
 * decided together.
 */
final class InitialSync {
  private static final Logger log = LoggerFactory.getLogger(InitialSync.class);

  /**
   * Records the create phase reads and decides at a time. Where intents are stored ahead (a full
   * resync), each chunk waits for its intents to be committed (and so for the store's writer to
   * catch up), so larger chunks let the writer run beside the syncing thread longer.
   */
  static final int CREATE_CHUNK = 5_000;

  private final TypeContext ctx;
  private final WriteBehindStore store;
  private final PageApplier applier;
  private final Matcher matcher;
  private String cursorA;
  private String cursorB;
  private boolean noLinksBefore;

  /** Whether the scan of A also decided its creates (A fitted in {@link RunEnv#onePass}). */
  private boolean aDone;

  private InitialSync(TypeContext ctx, WriteBehindStore store) {
    this.ctx = ctx;
    this.store = store;
    this.matcher = new Matcher(ctx);
    this.applier = new PageApplier(ctx, !firstSync(ctx), matcher);
  }

  /**
   * Runs the initial sync of {@code ctx}'s object type.
   *
   * @param writeBehind whether its store writes go to a writer thread of their own ({@link
   *     WriteBehindStore}); returns once they are all committed. False when the caller holds a
   *     transaction the writes must stay in: a dry run, which rolls them back at its end.
   */
  static void run(TypeContext ctx, boolean writeBehind) {
    if (!writeBehind) {
      new InitialSync(ctx, null).run();
      return;
    }
    WriteBehindStore store = new WriteBehindStore(ctx.store, ctx.key.toString());
    try {
      new InitialSync(ctx.withStore(store), store).run();
    } catch (RuntimeException e) {
      try {
        store.close();
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    store.close();
  }

  /**
   * Whether this is the first initial sync of its type: no cursor stored yet. Then every run until
   * this one finishes (it stores the cursors last) is an initial sync too, which indexes what this
   * one created before a crash and matches it by key before creating anything: the creates need no
   * intents stored ahead, and do not wait for them to be committed. A full resync over existing
   * cursors is followed by incremental runs, so it stores them.
   */
  private static boolean firstSync(TypeContext ctx) {
    return ctx.store.cursor(ctx.key, Side.A).isEmpty()
        || ctx.store.cursor(ctx.key, Side.B).isEmpty();
  }

  /** Waits until what the phase before wrote is committed, for the next phase reads it. */
  private void flush() {
    if (store != null) {
      store.flush();
    }
  }

  private void run() {
    // Taken before scanning, so that what changes during the scan is read again next time (unless
    // the app's scan itself yields the cursor).
    cursorA = ctx.a.scanYieldsCursor() ? null : ctx.a.currentCursor(ctx.type());
    cursorB = ctx.b.scanYieldsCursor() ? null : ctx.b.currentCursor(ctx.type());
    new IntentRecovery(ctx, applier).run();
    indexB();
    // Each later phase reads what the ones before wrote: B's index and the recovered links, then
    // the links of matched pairs, then those of A's creates (else B's new records would look
    // unlinked and be created in A).
    flush();
    // Nothing linked yet (a first run that nothing interrupted): no page of A needs its links read.
    noLinksBefore = ctx.store.linkPage(ctx.key, null, 1).isEmpty();
    scanA();
    flush();
    if (!aDone) {
      createFrom(Side.A);
      flush();
    }
    createFrom(Side.B);
    String finalA = cursorA != null ? cursorA : ctx.a.currentCursor(ctx.type());
    String finalB = cursorB != null ? cursorB : ctx.b.currentCursor(ctx.type());
    ctx.store.inTransaction(
        () -> {
          ctx.store.putCursor(ctx.key, Side.A, finalA);
          ctx.store.putCursor(ctx.key, Side.B, finalB);
        });
    flush();
    log.info("{}: initial sync done; next runs read changes only", ctx.key);
  }

  private void indexB() {
    ctx.progress.phase(ctx.type().id() + ": reading b", -1);
    String token = null;
    do {
      Page page = ctx.b.scan(ctx.type(), token);
      if (page.cursor() != null) {
        cursorB = page.cursor();
      }
      ctx.reportProblems(Side.B, page.problems());
      List<IndexEntry> entries = new ArrayList<>(page.records().size());
      for (Record r : page.records()) {
        entries.add(new IndexEntry(r.id(), ctx.keyer.key(Side.B, r), r));
      }
      ctx.store.inTransaction(() -> ctx.store.putIndex(ctx.key, Side.B, entries));
      ctx.counts.read(entries.size());
      ctx.progress.advance(entries.size());
      token = page.nextPageToken();
    } while (token != null);
  }

  private void scanA() {
    ctx.progress.phase(ctx.type().id() + ": matching a with b", -1);
    // Pages of A are gathered until they fill a write batch of either side, so that a small page
    // size on A (HubSpot: 100) does not shrink B's batches (Dynamics: 1,000) and cost calls.
    int chunk = Math.max(ctx.batchSize(Side.A), ctx.batchSize(Side.B));
    // First, up to RunEnv.onePass records: when that is all of A, every record of A has been
    // seen, so its creates are decided with its matches, and the create phase need not read A
    // back from the store.
    List<Record> first = new ArrayList<>();
    String token = null;
    do {
      token = readPage(token, first);
    } while (token != null && first.size() <= ctx.onePass);
    if (token == null) {
      matchChunk(first, true);
      aDone = true;
      return;
    }
    for (int from = 0; from < first.size(); from += chunk) {
      matchChunk(first.subList(from, Math.min(first.size(), from + chunk)), false);
    }
    while (token != null) {
      List<Record> records = new ArrayList<>();
      do {
        token = readPage(token, records);
      } while (token != null && records.size() < chunk);
      matchChunk(records, false);
    }
  }

  /** Reads one page of A into {@code into}; returns the next page's token. */
  private String readPage(String token, List<Record> into) {
    Page page = ctx.a.scan(ctx.type(), token);
    if (page.cursor() != null) {
      cursorA = page.cursor();
    }
    ctx.reportProblems(Side.A, page.problems());
    into.addAll(page.records());
    return page.nextPageToken();
  }

  /**
   * Merges the records of A that are linked, and matches the others with B's index.
   *
   * @param create whether these are the last records of A, so that those with no counterpart are
   *     created now (else the create phase creates them, once every record of A has been seen: a
   *     key seen twice in A must create nothing)
   */
  private void matchChunk(List<Record> records, boolean create) {
    ctx.counts.read(records.size());
    // A record of A is linked only by this scan (each record is scanned once), so when nothing
    // was linked before it the lookup would find nothing.
    Map<String, Link> links =
        noLinksBefore
            ? Map.of()
            : ctx.store.links(ctx.key, Side.A, records.stream().map(Record::id).toList());
    List<Work> works = new ArrayList<>();
    List<Record> unlinked = new ArrayList<>();
    List<String> linkedB = new ArrayList<>();
    for (Record r : records) {
      Link l = links.get(r.id());
      if (l != null) {
        linkedB.add(l.bId());
      } else {
        unlinked.add(r);
      }
    }
    Map<String, IndexEntry> bRecords =
        linkedB.isEmpty() ? Map.of() : ctx.store.indexById(ctx.key, Side.B, linkedB);
    for (Record r : records) {
      Link l = links.get(r.id());
      if (l != null) {
        IndexEntry b = bRecords.get(l.bId());
        works.add(new Work.LinkedPair(l, r, b == null ? null : b.record()));
      }
    }
    Matcher.Outcome outcome = matcher.classify(Side.A, unlinked, create);
    works.addAll(outcome.works);
    // A matched record is indexed without its fields (its match needs no entry written); the
    // others are kept whole, for the create phase (or, for a create, for recovering its intent).
    java.util.Set<String> matched = new java.util.HashSet<>();
    outcome.works.forEach(
        w -> {
          if (w instanceof Work.NewMatch m) {
            matched.add(m.a().id());
          }
        });
    List<IndexEntry> keep =
        outcome.index.stream()
            .map(e -> matched.contains(e.id()) ? new IndexEntry(e.id(), e.matchKey(), null) : e)
            .toList();
    // Stored with the page's links (one commit): a crash before it loses nothing, since an
    // initial sync that did not finish starts again from the first page.
    applier.apply(
        works,
        () -> {
          ctx.store.putIndex(ctx.key, Side.A, keep);
          if (!outcome.health.isEmpty()) {
            ctx.store.putHealth(ctx.key, outcome.health);
          }
        });
    ctx.progress.advance(records.size());
  }

  private void createFrom(Side source) {
    ctx.progress.phase(ctx.type().id() + ": creating in " + source.other().label(), -1);
    int batch = ctx.batchSize(source.other());
    int chunk = Math.max(batch, CREATE_CHUNK);
    // Creates wait until they fill a batch: records reported instead (no key, duplicates) would
    // otherwise leave every batch a little short, and every short batch is an API call.
    List<Work> pending = new ArrayList<>();
    String after = null;
    while (true) {
      List<IndexEntry> entries = ctx.store.unlinkedPage(ctx.key, source, after, chunk);
      if (entries.isEmpty()) {
        break;
      }
      after = entries.get(entries.size() - 1).id();
      List<Record> records = new ArrayList<>();
      for (IndexEntry e : entries) {
        if (e.record() != null) {
          records.add(e.record());
        }
      }
      Matcher.Outcome outcome = matcher.classify(source, records, true);
      if (!outcome.health.isEmpty()) {
        ctx.store.inTransaction(() -> ctx.store.putHealth(ctx.key, outcome.health));
      }
      pending.addAll(outcome.works);
      int full = pending.size() - pending.size() % batch;
      if (full > 0) {
        applier.apply(new ArrayList<>(pending.subList(0, full)));
        pending.subList(0, full).clear();
      }
      ctx.progress.advance(entries.size());
    }
    applier.apply(pending);
  }
}
