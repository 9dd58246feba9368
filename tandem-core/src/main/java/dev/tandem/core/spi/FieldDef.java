package dev.tandem.core.spi;

import java.util.List;

/**
 * One native field of an app.
 *
 * @param name the app's field name, as it appears in {@link dev.tandem.core.model.Record#fields()}
 * @param canonical the canonical field it corresponds to ({@code email}, {@code firstName}, …), or
 *     null when it has none (custom fields, mappable by name)
 * @param type the kind of value
 * @param options allowed values of a picklist, else empty
 * @param readOnly whether the app refuses writes to it
 */
public record FieldDef(
    String name, String canonical, FieldType type, List<String> options, boolean readOnly) {
  public FieldDef {
    options = options == null ? List.of() : List.copyOf(options);
  }

  public static FieldDef of(String name, String canonical) {
    return new FieldDef(name, canonical, FieldType.STRING, List.of(), false);
  }

  public enum FieldType {
    STRING,
    EMAIL,
    PHONE,
    NUMBER,
    DATE,
    DATETIME,
    BOOLEAN,
    ENUMERATION,
    /** Several values; Tandem joins them with ";" in sorted order. */
    MULTI,
    /**
     * The native id of a record of another object type in the same app (a contact's company, a
     * deal's contact). Its canonical name ends in {@code Ref} ({@code companyRef}, {@code
     * contactRef}); the engine translates the id through the links of that object type.
     */
    REFERENCE
  }
}
