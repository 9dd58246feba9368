package dev.tandem.bench;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.core.spi.WriteResult;
import dev.tandem.engine.ForwardingConnector;
import dev.tandem.server.webhook.LiveFixture;
import dev.tandem.server.webhook.WebhookEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Real-time latency: N edits made through the HubSpot emulator's API, each timed from just before
 * the edit's request until the memory app on the other side has accepted the write carrying it
 * (HubSpot webhook → Tandem's endpoint → targeted sync → write). Edits are paced at a steady rate
 * over a pool of contacts. Not a test: run it with {@code bench/webhooks/run.sh}.
 *
 * <p>Arguments: edits (1000), contacts (200), edits per second (20).
 */
public final class WebhookBench {
  private WebhookBench() {}

  public static void main(String[] args) throws Exception {
    int edits = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int contacts = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    double rate = args.length > 2 ? Double.parseDouble(args[2]) : 20;
    Map<String, Long> visible = new ConcurrentHashMap<>();
    UnaryOperator<Connector> timing =
        c ->
            new ForwardingConnector(c) {
              @Override
              public List<WriteResult> write(ObjectType type, List<WriteOp> ops) {
                List<WriteResult> out = inner.write(type, ops);
                long now = System.nanoTime();
                for (WriteOp op : ops) {
                  String v = op.fields().get("lastName");
                  if (v != null) {
                    visible.putIfAbsent(v, now);
                  }
                }
                return out;
              }
            };
    Path dir = Files.createTempDirectory("tandem-bench-webhooks");
    try (LiveFixture live =
        new LiveFixture(
            dir,
            timing,
            e -> e.rateLimit(1_000_000).searchPerSecond(1000),
            WebhookEndpoint.Listener.NONE)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < contacts; i++) {
        ids.add(
            live.createQuietly(
                Map.of(
                    "email", "c" + i + "@bench.example",
                    "firstname", "C" + i,
                    "lastname", "start")));
      }
      live.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (live.b.size(ObjectType.CONTACT) < contacts) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("initial sync did not finish in 60 s");
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
      TimeUnit.MILLISECONDS.sleep(500);
      // warm-up (JIT, connection pools), not counted
      int warm = Math.min(50, edits);
      run(live, ids, "warm-", warm, rate);
      waitFor(visible, "warm-", warm);
      long[] sent = new long[edits];
      long start = System.nanoTime();
      long interval = (long) (1e9 / rate);
      for (int i = 0; i < edits; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        sent[i] = System.nanoTime();
        live.updateContact(ids.get(i % contacts), Map.of("lastname", "edit-" + i));
      }
      waitFor(visible, "edit-", edits);
      long[] ms = new long[edits];
      int missing = 0;
      int n = 0;
      for (int i = 0; i < edits; i++) {
        Long at = visible.get("edit-" + i);
        if (at == null) {
          missing++;
        } else {
          ms[n++] = TimeUnit.NANOSECONDS.toMillis(at - sent[i]);
        }
      }
      long[] lat = Arrays.copyOf(ms, n);
      Arrays.sort(lat);
      System.out.printf(
          "edits: %d over %d contacts at %.0f/s; visible: %d; missing: %d%n",
          edits, contacts, rate, n, missing);
      if (n > 0) {
        System.out.printf(
            "latency ms: p50 %d | p90 %d | p99 %d | max %d | mean %.0f%n",
            pct(lat, 50),
            pct(lat, 90),
            pct(lat, 99),
            lat[n - 1],
            Arrays.stream(lat).average().orElse(0));
      }
      System.out.printf(
          "targeted runs: %d%n",
          live.store.runs(LiveFixture.CONNECTION, 100_000).stream()
              .filter(r -> "targeted".equals(r.kind()))
              .count());
    }
  }

  private static void run(LiveFixture live, List<String> ids, String prefix, int n, double rate)
      throws InterruptedException {
    for (int i = 0; i < n; i++) {
      live.updateContact(ids.get(i % ids.size()), Map.of("lastname", prefix + i));
      TimeUnit.NANOSECONDS.sleep((long) (1e9 / rate));
    }
  }

  private static void waitFor(Map<String, Long> visible, String prefix, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      long seen = visible.keySet().stream().filter(k -> k.startsWith(prefix)).count();
      if (seen >= n) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static long pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
