package dev.tandem.server.web;

import java.util.List;

/**
 * A connection's mapping and rule editors, one section per object type.
 *
 * @param notice a confirmation to show ("Saved…"), or null
 */
public record ConnectionPage(
    Chrome chrome, ConnectionHeader header, List<ObjectEditor> objects, String notice) {

  /**
   * The editors of one object type.
   *
   * @param type the object type's id ({@code contact})
   * @param schemaError why the apps' fields could not be read (the editor then lists only what is
   *     configured), or null
   * @param mappings every mapped field: the defaults and the user's own
   * @param mappingError why the last save of mappings was refused, or null
   * @param rules the scope rules in order
   * @param ruleError why the last rule could not be added, or null
   * @param draft the rule form's values (kept after an error so nothing typed is lost)
   * @param fieldsA side A's field names, for the new-mapping form
   * @param fieldsB side B's field names
   */
  public record ObjectEditor(
      String type,
      String schemaError,
      List<MappingRow> mappings,
      String mappingError,
      List<RuleRow> rules,
      String ruleError,
      RuleDraft draft,
      List<String> fieldsA,
      List<String> fieldsB) {}

  /**
   * One mapped field.
   *
   * @param index its position in the form
   * @param key the mapping's key (the canonical field, or {@code aField~bField})
   * @param aField side A's field(s), e.g. {@code phone} or {@code firstName + lastName}
   * @param bField side B's field(s)
   * @param direction the direction in force: both, a-to-b, b-to-a, off
   * @param defaultDirection what it would be with no mapping written, or null for a field only the
   *     user's mapping connects
   * @param values the value map, one {@code A value = B value} per line
   * @param editable whether the form can change it (a name split on one side and whole on the other
   *     follows the defaults)
   * @param transform the transform(s) applied to values, as configured, or empty (kept as is; set
   *     in the config file or the API)
   */
  public record MappingRow(
      int index,
      String key,
      String aField,
      String bField,
      String direction,
      String defaultDirection,
      String values,
      boolean editable,
      String transform) {

    public boolean custom() {
      return defaultDirection == null;
    }

    /** Whether the user's settings differ from the default for this field. */
    public boolean changed() {
      return defaultDirection != null
          && (!defaultDirection.equals(direction) || !values.isBlank() || !transform.isEmpty());
    }
  }

  /**
   * One rule.
   *
   * @param index its position (for the remove button)
   * @param direction a-to-b or b-to-a
   * @param when the condition as written, or "(every record)"
   * @param set what it sets on the other side, {@code field = value} joined with ", "
   */
  public record RuleRow(int index, String direction, String when, String set) {}

  /** The new-rule form's values. */
  public record RuleDraft(String direction, String when, String set) {
    public static final RuleDraft EMPTY = new RuleDraft("a-to-b", "", "");
  }

  /** The direction choices, in the order the select lists them. */
  public static final List<String> DIRECTIONS = List.of("both", "a-to-b", "b-to-a", "off");

  public List<String> directions() {
    return DIRECTIONS;
  }

  /** How a direction reads in the editor. */
  public static String label(String direction) {
    return switch (direction) {
      case "both" -> "both ways";
      case "a-to-b" -> "A → B";
      case "b-to-a" -> "B → A";
      case "off" -> "off";
      default -> direction;
    };
  }
}
