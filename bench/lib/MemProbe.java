/**
 * How fast this machine's memory answers right now: the time of a dependent random read over 256
 * MB (every read misses the caches). Run as a single-file program by {@code cpu-probe.sh}; a large
 * sync is as much memory-bound as CPU-bound, and a busy host slows the two differently.
 */
public class MemProbe {
  public static void main(String[] args) {
    int n = 1 << 26;
    int[] next = new int[n];
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    for (int i = 0; i < n; i++) {
      next[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = next[i];
      next[i] = next[j];
      next[j] = t;
    }
    int reads = 20_000_000;
    long start = System.nanoTime();
    int p = 0;
    for (int k = 0; k < reads; k++) {
      p = next[p];
    }
    double ns = (System.nanoTime() - start) / (double) reads;
    if (p == -1) {
      // Never true; using p keeps the compiler from dropping the reads.
      System.out.println("unreachable");
    }
    System.out.printf(
        "memory probe: %.0f ns per random read over 256 MB (lower is faster; 180-250 ns here)%n",
        ns);
  }
}
