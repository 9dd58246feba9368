package dev.tandem.core.schema;

import dev.tandem.core.model.ObjectType;
import java.util.List;

/**
 * Tandem's own field names per object type. Every connector maps its native fields to these, so two
 * apps sync with no mapping written by hand.
 */
public final class CanonicalFields {
  public static final String EMAIL = "email";
  public static final String FIRST_NAME = "firstName";
  public static final String LAST_NAME = "lastName";
  public static final String FULL_NAME = "fullName";
  public static final String NAME = "name";
  public static final String DOMAIN = "domain";
  public static final String TAGS = "tags";

  /** A contact's or deal's company (a {@code REFERENCE} field). */
  public static final String COMPANY_REF = "companyRef";

  /** A deal's primary contact (a {@code REFERENCE} field). */
  public static final String CONTACT_REF = "contactRef";

  private static final List<String> CONTACT =
      List.of(
          EMAIL,
          FIRST_NAME,
          LAST_NAME,
          FULL_NAME,
          "phone",
          "mobilePhone",
          "company",
          "jobTitle",
          "website",
          "street",
          "city",
          "postalCode",
          "region",
          "country",
          "birthday",
          "notes",
          TAGS,
          COMPANY_REF);
  private static final List<String> COMPANY =
      List.of(
          NAME,
          DOMAIN,
          "phone",
          "website",
          "industry",
          "street",
          "city",
          "postalCode",
          "region",
          "country",
          "description",
          TAGS);
  private static final List<String> DEAL =
      List.of(
          NAME,
          "amount",
          "currency",
          "closeDate",
          "stage",
          "pipeline",
          "description",
          TAGS,
          COMPANY_REF,
          CONTACT_REF);

  private CanonicalFields() {}

  public static List<String> of(ObjectType type) {
    return switch (type) {
      case CONTACT -> CONTACT;
      case COMPANY -> COMPANY;
      case DEAL -> DEAL;
    };
  }
}
