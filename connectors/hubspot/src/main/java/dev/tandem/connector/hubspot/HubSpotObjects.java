package dev.tandem.connector.hubspot;

import dev.tandem.core.model.ObjectType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How Tandem's object types appear in HubSpot: the API's object name, the property that holds the
 * modification time, and which HubSpot properties correspond to canonical fields.
 */
final class HubSpotObjects {
  /** A deal's company, held by an association rather than a property. */
  static final String DEAL_COMPANY = "associations.company";

  static final String DEAL_STAGE = "dealstage";

  /** A deal's contact, held by an association rather than a property. */
  static final String DEAL_CONTACT = "associations.contact";

  private HubSpotObjects() {}

  static String plural(ObjectType type) {
    return switch (type) {
      case CONTACT -> "contacts";
      case COMPANY -> "companies";
      case DEAL -> "deals";
    };
  }

  static String modifiedProperty(ObjectType type) {
    return type == ObjectType.CONTACT ? "lastmodifieddate" : "hs_lastmodifieddate";
  }

  /** HubSpot property name to canonical field name, in schema order. */
  static Map<String, String> canonical(ObjectType type) {
    Map<String, String> m = new LinkedHashMap<>();
    switch (type) {
      case CONTACT -> {
        m.put("email", "email");
        m.put("firstname", "firstName");
        m.put("lastname", "lastName");
        m.put("phone", "phone");
        m.put("mobilephone", "mobilePhone");
        m.put("company", "company");
        m.put("jobtitle", "jobTitle");
        m.put("website", "website");
        m.put("address", "street");
        m.put("city", "city");
        m.put("zip", "postalCode");
        m.put("state", "region");
        m.put("country", "country");
        m.put("associatedcompanyid", "companyRef");
      }
      case COMPANY -> {
        m.put("name", "name");
        m.put("domain", "domain");
        m.put("phone", "phone");
        m.put("website", "website");
        m.put("industry", "industry");
        m.put("address", "street");
        m.put("city", "city");
        m.put("zip", "postalCode");
        m.put("state", "region");
        m.put("country", "country");
        m.put("description", "description");
      }
      case DEAL -> {
        m.put("dealname", "name");
        m.put("amount", "amount");
        m.put("deal_currency_code", "currency");
        m.put("closedate", "closeDate");
        m.put("dealstage", "stage");
        m.put("pipeline", "pipeline");
        m.put("description", "description");
      }
    }
    return m;
  }

  /**
   * HubSpot-defined properties without a canonical field that users commonly map or filter on by
   * name (custom properties are always included).
   */
  static java.util.Set<String> usefulDefaults(ObjectType type) {
    return switch (type) {
      case CONTACT -> java.util.Set.of("lifecyclestage", "hs_lead_status");
      case COMPANY -> java.util.Set.of("lifecyclestage", "numberofemployees", "annualrevenue");
      case DEAL -> java.util.Set.of("hs_priority");
    };
  }
}
