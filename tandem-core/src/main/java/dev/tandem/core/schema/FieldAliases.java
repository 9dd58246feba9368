package dev.tandem.core.schema;

import dev.tandem.core.model.ObjectType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the canonical field behind a column or field name written by a person: {@code "E-mail
 * Address"} is {@code email}, {@code "Given Name"} is {@code firstName}, {@code "ZIP Code"} is
 * {@code postalCode}. Used by apps whose fields are named by their users (a CSV header, a
 * spreadsheet, a database table) so that they sync with no mapping written by hand.
 *
 * <p>Names are compared ignoring case, spaces, underscores, hyphens and dots. The canonical names
 * themselves are recognised as well as the aliases. Some names depend on the object type: {@code
 * "Company Name"} is a contact's {@code company} but a company's {@code name}.
 */
public final class FieldAliases {

  /** Aliases that mean the same for every object type that has the canonical field. */
  private static final Map<String, List<String>> COMMON = new LinkedHashMap<>();

  /** Aliases per object type, for names whose meaning depends on it. */
  private static final Map<ObjectType, Map<String, List<String>>> BY_TYPE =
      new EnumMap<>(ObjectType.class);

  static {
    COMMON.put("email", List.of("E-mail", "Email Address", "Mail", "E-mail Address"));
    COMMON.put("firstName", List.of("First Name", "Given Name", "Forename"));
    COMMON.put("lastName", List.of("Last Name", "Surname", "Family Name"));
    COMMON.put(
        "phone",
        List.of("Phone", "Telephone", "Tel", "Phone Number", "Work Phone", "Business Phone"));
    COMMON.put("mobilePhone", List.of("Mobile", "Mobile Phone", "Cell", "Cell Phone"));
    COMMON.put("jobTitle", List.of("Title", "Job Title", "Position", "Role"));
    COMMON.put("website", List.of("Website", "Web Site", "URL", "Web"));
    COMMON.put("street", List.of("Street", "Address", "Street Address"));
    COMMON.put("city", List.of("City", "Town"));
    COMMON.put("postalCode", List.of("Zip", "ZIP Code", "Postcode", "Postal Code"));
    COMMON.put("region", List.of("State", "Region", "Province"));
    COMMON.put("country", List.of("Country"));
    COMMON.put("birthday", List.of("Birthday", "Date of Birth", "DOB"));
    COMMON.put("notes", List.of("Notes", "Note", "Comments"));
    COMMON.put("tags", List.of("Tags", "Labels", "Categories"));
    COMMON.put("domain", List.of("Domain", "Company Domain"));
    COMMON.put("amount", List.of("Amount", "Value", "Deal Value"));
    COMMON.put("stage", List.of("Stage", "Deal Stage"));
    COMMON.put("closeDate", List.of("Close Date", "Expected Close"));

    BY_TYPE.put(
        ObjectType.CONTACT,
        Map.of(
            "fullName", List.of("Name", "Full Name", "Display Name"),
            "company",
                List.of("Company", "Organization", "Organisation", "Account", "Company Name")));
    BY_TYPE.put(
        ObjectType.COMPANY,
        Map.of(
            "name",
            List.of(
                "Name",
                "Company Name",
                "Company",
                "Organization",
                "Organisation",
                "Organization Name",
                "Account Name")));
    BY_TYPE.put(ObjectType.DEAL, Map.of("name", List.of("Name", "Deal Name", "Deal")));
  }

  /** Normalised name to canonical field, per object type. */
  private static final Map<ObjectType, Map<String, String>> LOOKUP = build();

  private FieldAliases() {}

  /**
   * The canonical field of {@link CanonicalFields#of(ObjectType)} that a column or field name
   * means, if it is one Tandem knows.
   */
  public static Optional<String> canonicalFor(ObjectType type, String header) {
    if (type == null || header == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(LOOKUP.get(type).get(normalize(header)));
  }

  /**
   * A name reduced for comparison: lower case, without spaces, underscores, hyphens and dots
   * ({@code "E-Mail_Address"} → {@code "emailaddress"}).
   */
  public static String normalize(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isWhitespace(c) && c != '_' && c != '-' && c != '.' && c != '\uFEFF') {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static Map<ObjectType, Map<String, String>> build() {
    Map<ObjectType, Map<String, String>> lookup = new EnumMap<>(ObjectType.class);
    for (ObjectType type : ObjectType.values()) {
      Map<String, String> names = new HashMap<>();
      List<String> canonical = CanonicalFields.of(type);
      for (String field : canonical) {
        add(type, names, field, field);
      }
      Map<String, List<String>> specific = BY_TYPE.getOrDefault(type, Map.of());
      for (String field : canonical) {
        for (String alias : specific.getOrDefault(field, COMMON.getOrDefault(field, List.of()))) {
          add(type, names, alias, field);
        }
      }
      lookup.put(type, Map.copyOf(names));
    }
    return lookup;
  }

  private static void add(ObjectType type, Map<String, String> names, String alias, String field) {
    String previous = names.putIfAbsent(normalize(alias), field);
    if (previous != null && !previous.equals(field)) {
      throw new IllegalStateException(
          "alias '" + alias + "' of " + type + " means both " + previous + " and " + field);
    }
  }
}
