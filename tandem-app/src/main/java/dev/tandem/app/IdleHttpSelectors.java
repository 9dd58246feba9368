package dev.tandem.app;

import java.lang.reflect.Method;
import java.util.function.Predicate;

/**
 * Stops the JDK HTTP client's selector threads once a command has finished, so that the process
 * exits at once.
 *
 * <p>As it exits, the JVM waits up to 300 ms for every thread that is running native code to come
 * out of it. An {@link java.net.http.HttpClient} keeps a selector thread waiting for network events
 * in native code for as long as the client lives, and Java 17 has no way to close a client: every
 * short run that talked to an app over HTTP (CardDAV, HubSpot, Dynamics) spent its last 0.3 s idle,
 * a tenth of a 2,000-card initial sync and a quarter of a resync.
 *
 * <p>The selector thread is the JDK's own class ({@code HttpClientImpl$SelectorManager}), and its
 * {@code shutdown} method is the one the thread runs itself when it stops after its client was
 * collected; the jar's manifest opens that package ({@code Add-Opens}). Where it is not opened, or
 * the JDK's internals differ, nothing is stopped and the exit just takes longer.
 */
final class IdleHttpSelectors {
  private static final String SELECTOR_CLASS =
      "jdk.internal.net.http.HttpClientImpl$SelectorManager";

  private IdleHttpSelectors() {}

  /**
   * Stops every HTTP client's selector thread and waits briefly for each to end. Only for the
   * moment the process is about to exit, once nothing will send another request: a request sent
   * through a client whose selector is stopped waits forever.
   *
   * @return how many selector threads ended
   */
  static int stop() {
    return stop(t -> true);
  }

  /** {@link #stop()}, limited to the selector threads {@code which} accepts (for tests). */
  static int stop(Predicate<Thread> which) {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    int stopped = 0;
    for (int i = 0; i < n; i++) {
      Thread t = threads[i];
      if (t.getClass().getName().equals(SELECTOR_CLASS) && which.test(t) && shutdown(t)) {
        stopped++;
      }
    }
    return stopped;
  }

  private static boolean shutdown(Thread selector) {
    try {
      Method shutdown = selector.getClass().getDeclaredMethod("shutdown");
      shutdown.setAccessible(true);
      shutdown.invoke(selector);
      // Closing its selector wakes the thread, which then ends; a moment's wait keeps it from
      // still being in native code when the JVM looks.
      selector.join(100);
      return !selector.isAlive();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
