package dev.tandem.core.model;

/** One of the two accounts of a connection. */
public enum Side {
  A,
  B;

  public Side other() {
    return this == A ? B : A;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
