package dev.tandem.core.rules;

/** A rule condition that cannot be parsed; the message says where and what to write instead. */
public final class RuleSyntaxException extends IllegalArgumentException {
  private final int column;

  RuleSyntaxException(String message, int column) {
    super(message);
    this.column = column;
  }

  /** The 1-based column of the condition text where the problem was found. */
  public int column() {
    return column;
  }
}
