package dev.tandem.core.sync;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What happens on the other side when a linked record is deleted. */
public enum DeletePolicy {
  /** Nothing: the link is forgotten and the other record stays (PieSync's behaviour). */
  IGNORE("ignore"),
  /** The other record is deleted too, within the mass-delete guard. */
  PROPAGATE("propagate"),
  /** The other record gets the tag {@link #DELETED_TAG} and is kept. */
  TAG("tag");

  public static final String DELETED_TAG = "tandem-deleted";

  private final String id;

  DeletePolicy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<DeletePolicy> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.id.equals(t)).findFirst();
  }
}
