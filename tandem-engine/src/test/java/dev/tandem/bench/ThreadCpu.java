package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads grouped by kind (the JIT's compilers, the collector, the
 * rest), read from Linux's /proc: the JVM's own threads are invisible to ThreadMXBean, yet on two
 * cores the time they take is time the sync does not get.
 */
final class ThreadCpu {
  private ThreadCpu() {}

  /** Seconds of CPU per group since the process started; empty where /proc is not there. */
  static Map<String, String> byGroup() {
    Map<String, Long> ticks = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the name
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        ticks.merge(group(name), t, Long::sum);
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    Map<String, String> seconds = new TreeMap<>();
    // USER_HZ is 100 on every Linux this runs on
    ticks.forEach((g, t) -> seconds.put(g, String.format("%.1f s", t / 100.0)));
    return seconds;
  }

  private static String group(String name) {
    if (name.startsWith("C2 Compiler")) {
      return "C2";
    }
    if (name.startsWith("C1 Compiler")) {
      return "C1";
    }
    if (name.startsWith("GC") || name.startsWith("G1")) {
      return "GC";
    }
    // the syncing thread (named "java" in /proc), and the store's writer while it still runs
    return "other";
  }
}
