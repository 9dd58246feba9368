package dev.tandem.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of object Tandem syncs. */
public enum ObjectType {
  CONTACT,
  COMPANY,
  DEAL;

  /**
   * The name used in config, the CLI and the store: {@code contact}, {@code company}, {@code deal}.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ObjectType> parse(String id) {
    return Arrays.stream(values()).filter(t -> t.id().equalsIgnoreCase(id.trim())).findFirst();
  }

  @Override
  public String toString() {
    return id();
  }
}
