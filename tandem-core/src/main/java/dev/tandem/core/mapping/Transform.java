package dev.tandem.core.mapping;

/**
 * A named value transform applied to a field value when it is mapped from one side to the other,
 * such as {@code trim} or {@code phone}. Obtained from {@link Transforms#named(String)}.
 */
public interface Transform {

  /**
   * Transforms a value.
   *
   * @return the transformed value; null when {@code value} is null or the result is blank
   */
  String apply(String value);

  /** The name used in config, e.g. {@code phone}. */
  String name();
}
