package dev.tandem.bench;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.connector.memory.MemoryConnector;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.sync.ObjectSyncSpec;
import dev.tandem.engine.CallMeter;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.RunReport;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.SyncEngine;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark (not a test): the initial sync of N contacts per side memory ↔ memory, half of them
 * matching by email, then an incremental sync of K changes. Prints records/s, peak heap, store size
 * and API calls against the theoretical minimum. Run with bench/memory/run.sh.
 */
public final class MemoryBench {
  static final ObjectType CONTACT = ObjectType.CONTACT;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = Files.createTempDirectory("tandem-bench");
    int page = 1000;
    int batch = 100;
    MemoryApp a = new MemoryApp("bench-a", Clock.systemUTC());
    MemoryApp b = new MemoryApp("bench-b", Clock.systemUTC());
    String[] first = {
      "Ada", "Grace", "Alan", "Linus", "Margaret", "Katherine", "Edsger", "Barbara"
    };
    String[] last = {
      "Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Johnson", "Dijkstra", "Liskov"
    };
    // A: people 0..n-1; B: people n/2..n/2+n-1, so half of each side matches the other by email.
    a.load(
        CONTACT,
        n,
        i ->
            Map.of(
                "email",
                "p" + i + "@example.com",
                "firstName",
                first[i % 8],
                "lastName",
                last[(i / 8) % 8],
                "company",
                "Company " + (i % 997)));
    b.load(
        CONTACT,
        n,
        j -> {
          int i = j + n / 2;
          return Map.of(
              "email",
              "P" + i + "@example.com",
              "firstName",
              first[i % 8],
              "phone",
              "+1 555 " + (1_000_000 + i),
              "jobTitle",
              "Engineer");
        });
    CallMeter ma = new CallMeter();
    CallMeter mb = new CallMeter();
    MemoryConnector ca = new MemoryConnector(a, ma, page, batch);
    MemoryConnector cb = new MemoryConnector(b, mb, page, batch);
    StateStore store = StateStores.sqlite(dir.resolve("bench.db"));
    SyncEngine engine = new SyncEngine(store, Clock.systemUTC());
    SyncConnection conn =
        new SyncConnection("bench", ca, ma, cb, mb, List.of(ObjectSyncSpec.defaults(CONTACT)));

    System.gc();
    resetPeaks();
    long t0 = System.nanoTime();
    long cpu0 = processCpu();
    long main0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    RunReport initial = engine.run(conn, RunOptions.DEFAULT, ProgressListener.NONE);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (processCpu() - cpu0) / 1e9;
    double mainSeconds =
        (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - main0) / 1e9;
    if (!initial.completed()) {
      throw new IllegalStateException("initial sync: " + initial.status() + " " + initial.error());
    }
    long matched = n / 2;
    long createdB = initial.total("created.b");
    long createdA = initial.total("created.a");
    long updatedA = initial.total("updated.a");
    long updatedB = initial.total("updated.b");
    long minA = ceil(n, page) + ceil(createdA, batch) + ceil(updatedA, batch);
    long minB = ceil(n, page) + ceil(createdB, batch) + ceil(updatedB, batch);
    long callsA = initial.apiCallTotal(Side.A);
    long callsB = initial.apiCallTotal(Side.B);
    System.out.printf("initial sync: %,d + %,d contacts (%,d matching by email)%n", n, n, matched);
    System.out.printf(
        "  wall time %.1f s, %,.0f records/s (records read on both sides); CPU: process %.1f s,"
            + " the syncing thread %.1f s%n",
        seconds, 2.0 * n / seconds, cpuSeconds, mainSeconds);
    System.out.printf(
        "  linked %,d, created a %,d / b %,d, updated a %,d / b %,d, failed %d%n",
        initial.total("linked"), createdA, createdB, updatedA, updatedB, initial.total("failed"));
    System.out.printf(
        "  API calls a %,d (minimum %,d, ratio %.3f) · b %,d (minimum %,d, ratio %.3f)%n",
        callsA, minA, (double) callsA / minA, callsB, minB, (double) callsB / minB);
    System.out.printf(
        "  by endpoint a %s · b %s%n",
        initial.apiCalls().get(Side.A), initial.apiCalls().get(Side.B));
    System.out.printf(
        "  peak heap %s (max %,d MB); store %,d MB%n",
        peakHeap(), Runtime.getRuntime().maxMemory() >> 20, store.sizeBytes() >> 20);
    System.out.println("  CPU by thread group since start: " + ThreadCpu.byGroup());

    // The first run after an initial sync reads that sync's own writes back (its cursors were taken
    // before the scan, so nothing others changed meanwhile is lost): measured on its own.
    long t1 = System.nanoTime();
    long cpu1 = processCpu();
    RunReport echo = engine.run(conn, RunOptions.DEFAULT, ProgressListener.NONE);
    System.out.printf(
        "first incremental (reads back the initial sync's %,d writes): %.1f s (process CPU %.1f s), writes %d, API calls a %,d · b %,d%n",
        echo.total("read"),
        (System.nanoTime() - t1) / 1e9,
        (processCpu() - cpu1) / 1e9,
        echo.total("updated.a")
            + echo.total("updated.b")
            + echo.total("created.a")
            + echo.total("created.b"),
        echo.apiCallTotal(Side.A),
        echo.apiCallTotal(Side.B));

    Random rnd = new Random(1);
    List<String> ids = new java.util.ArrayList<>();
    String token = null;
    do {
      var p = ca.scan(CONTACT, token);
      p.records().forEach(r -> ids.add(r.id()));
      token = p.nextPageToken();
    } while (token != null);
    java.util.Set<String> edited = new java.util.HashSet<>();
    for (int k = 0; k < changes; k++) {
      String id = ids.get(rnd.nextInt(ids.size()));
      edited.add(id);
      a.edit(CONTACT, id, Map.of("jobTitle", "Title " + k));
    }
    resetPeaks();
    long t2 = System.nanoTime();
    long cpu2 = processCpu();
    RunReport inc = engine.run(conn, RunOptions.DEFAULT, ProgressListener.NONE);
    double incSeconds = (System.nanoTime() - t2) / 1e9;
    double incCpu = (processCpu() - cpu2) / 1e9;
    long updatedB2 = inc.total("updated.b");
    long incMinA = ceil(edited.size(), page);
    long incMinB = 1 + ceil(updatedB2, batch);
    long incCalls = inc.apiCallTotal(Side.A) + inc.apiCallTotal(Side.B);
    System.out.printf(
        "incremental sync: %,d edits in a (%,d distinct records)%n", changes, edited.size());
    System.out.printf(
        "  wall time %.2f s, %,.0f changes/s; updated b %,d; process CPU %.1f s%n",
        incSeconds, edited.size() / incSeconds, updatedB2, incCpu);
    System.out.printf(
        "  API calls a %,d · b %,d = %,d; minimum ceil(%,d/%d) changes a + 1 changes b + ceil(%,d/%d) writes b = %,d; ratio %.3f%n",
        inc.apiCallTotal(Side.A),
        inc.apiCallTotal(Side.B),
        incCalls,
        edited.size(),
        page,
        updatedB2,
        batch,
        incMinA + incMinB,
        (double) incCalls / (incMinA + incMinB));
    System.out.printf(
        "  by endpoint a %s · b %s%n", inc.apiCalls().get(Side.A), inc.apiCalls().get(Side.B));
    System.out.printf("  peak heap %s; store %,d MB%n", peakHeap(), store.sizeBytes() >> 20);
    store.close();
    // The store of a 1,000,000 run is over a gigabyte: a temporary folder left behind by each run
    // fills the disk. KEEP=1 keeps it for a look (sqlite3, dbstat).
    if (System.getenv("KEEP") == null) {
      deleteFolder(dir);
    } else {
      System.out.println("  kept the store in " + dir);
    }
  }

  static void deleteFolder(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  static long ceil(long x, long per) {
    return (x + per - 1) / per;
  }

  /**
   * CPU time of the whole process (every thread, the JIT and the collector included): on a shared
   * machine the wall time depends on what else runs, this much less.
   */
  static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Heap in use, read after every collection: the most that survived one is the live peak. */
  static final java.util.concurrent.atomic.AtomicLong peakUsed =
      new java.util.concurrent.atomic.AtomicLong();

  static final java.util.concurrent.atomic.AtomicLong peakLive =
      new java.util.concurrent.atomic.AtomicLong();

  static {
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((javax.management.NotificationEmitter) gc)
          .addNotificationListener(
              (n, handback) -> {
                if (!n.getType()
                    .equals(
                        com.sun.management.GarbageCollectionNotificationInfo
                            .GARBAGE_COLLECTION_NOTIFICATION)) {
                  return;
                }
                var info =
                    com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) n.getUserData());
                long before =
                    info.getGcInfo().getMemoryUsageBeforeGc().values().stream()
                        .mapToLong(java.lang.management.MemoryUsage::getUsed)
                        .sum();
                long after =
                    info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(java.lang.management.MemoryUsage::getUsed)
                        .sum();
                peakUsed.accumulateAndGet(before, Math::max);
                peakLive.accumulateAndGet(after, Math::max);
              },
              null,
              null);
    }
  }

  static void resetPeaks() {
    peakUsed.set(0);
    peakLive.set(0);
  }

  /**
   * "used U MB, live L MB": the most the heap held (just before a collection) and the most that
   * survived a collection. Per-pool peaks are not added up: they happen at different times, and
   * their sum can exceed the heap.
   */
  static String peakHeap() {
    if (peakUsed.get() == 0) {
      return "not measured (no collection ran)";
    }
    return String.format("used %,d MB, live %,d MB", peakUsed.get() >> 20, peakLive.get() >> 20);
  }
}
