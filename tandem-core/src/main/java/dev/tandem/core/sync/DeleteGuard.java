package dev.tandem.core.sync;

/**
 * The mass-delete guard: a run that would delete more records than this on one side stops before
 * deleting any, and the connection pauses until a user approves.
 *
 * @param maxCount the most deletions allowed without approval, whatever the size
 * @param maxPercent the most deletions allowed as a percentage of linked records (whichever of the
 *     two is larger applies)
 */
public record DeleteGuard(int maxCount, double maxPercent) {
  public static final DeleteGuard DEFAULT = new DeleteGuard(10, 10.0);

  /** Whether {@code deletions} out of {@code linked} records needs approval. */
  public boolean trips(int deletions, long linked) {
    double allowed = Math.max(maxCount, linked * maxPercent / 100.0);
    return deletions > allowed;
  }

  /** Parses "25" (a count) or "5%" (a percentage of linked records). */
  public static DeleteGuard parse(String text) {
    String t = text.trim();
    try {
      if (t.endsWith("%")) {
        return new DeleteGuard(0, Double.parseDouble(t.substring(0, t.length() - 1).trim()));
      }
      return new DeleteGuard(Integer.parseInt(t), 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "delete-guard must be a number of records (25) or a percentage (5%), not '" + text + "'");
    }
  }
}
