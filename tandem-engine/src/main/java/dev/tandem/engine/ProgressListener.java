package dev.tandem.engine;

/**
 * Hears how far a run has got, for a progress bar. Called on the thread running the sync, only
 * between pages (never inside a store transaction); must be cheap and must not throw, except {@link
 * RunStopped} to stop the run at that safe point.
 */
public interface ProgressListener {
  /**
   * A phase starts.
   *
   * @param description e.g. "contact: scanning b"
   * @param total how many records the phase will handle, or -1 when unknown
   */
  void phase(String description, long total);

  /** {@code n} more records are done in the current phase. */
  void advance(long n);

  /** The run is over; clear the bar. */
  default void done() {}

  ProgressListener NONE =
      new ProgressListener() {
        @Override
        public void phase(String description, long total) {}

        @Override
        public void advance(long n) {}
      };
}
