package dev.tandem.core.mapping;

import dev.tandem.core.model.Side;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which way a mapped field flows. */
public enum Direction {
  BOTH("both"),
  A_TO_B("a-to-b"),
  B_TO_A("b-to-a"),
  OFF("off");

  private final String id;

  Direction(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Whether changes made on {@code from} are copied to the other side. */
  public boolean flowsFrom(Side from) {
    return this == BOTH || (from == Side.A ? this == A_TO_B : this == B_TO_A);
  }

  /** This direction without the flow from {@code from} (a read-only target, say). */
  public Direction without(Side from) {
    if (!flowsFrom(from)) {
      return this;
    }
    if (this == BOTH) {
      return from == Side.A ? B_TO_A : A_TO_B;
    }
    return OFF;
  }

  public static Optional<Direction> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(d -> d.id.equals(t)).findFirst();
  }
}
