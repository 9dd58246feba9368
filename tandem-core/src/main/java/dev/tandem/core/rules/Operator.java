package dev.tandem.core.rules;

/** The comparison operators of the condition language, with their normalised spelling. */
enum Operator {
  EQUALS("="),
  NOT_EQUALS("!="),
  CONTAINS("contains"),
  STARTS_WITH("starts-with"),
  ENDS_WITH("ends-with"),
  IS_EMPTY("is empty"),
  IS_NOT_EMPTY("is not empty"),
  IN("in");

  /** The list a user sees when an operator is missing or misspelt. */
  static final String ALL =
      "=, !=, contains, starts-with, ends-with, is empty, is not empty, in (…)";

  final String text;

  Operator(String text) {
    this.text = text;
  }
}
