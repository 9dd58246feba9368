package dev.tandem.core.model;

/** One of the two accounts of a connection. */
public enum Side {
  A("a"),
  B("b");

  // every reason and activity line names a side: a constant, not a lower-cased copy each time
  private final String label;

  Side(String label) {
    this.label = label;
  }

  public Side other() {
    return this == A ? B : A;
  }

  public String label() {
    return label;
  }
}
