package dev.tandem.core.sync;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who wins when both sides changed a field to different values since the last sync. */
public enum ConflictPolicy {
  /** The side whose record was modified last; A when the apps cannot tell. */
  NEWEST("newest"),
  A_WINS("a-wins"),
  B_WINS("b-wins");

  private final String id;

  ConflictPolicy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<ConflictPolicy> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.id.equals(t)).findFirst();
  }
}
