package dev.tandem.emulator.hubspot;

import dev.tandem.emulator.hubspot.PropertyDefinition.Option;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The properties of each object type: HubSpot's defaults plus custom ones created via the API. */
final class PropertyCatalog {
  static final List<Option> LIFECYCLE_STAGES =
      List.of(
          new Option("Subscriber", "subscriber"),
          new Option("Lead", "lead"),
          new Option("Marketing Qualified Lead", "marketingqualifiedlead"),
          new Option("Sales Qualified Lead", "salesqualifiedlead"),
          new Option("Opportunity", "opportunity"),
          new Option("Customer", "customer"),
          new Option("Evangelist", "evangelist"),
          new Option("Other", "other"));
  static final List<Option> DEAL_STAGES =
      List.of(
          new Option("Appointment Scheduled", "appointmentscheduled"),
          new Option("Qualified To Buy", "qualifiedtobuy"),
          new Option("Presentation Scheduled", "presentationscheduled"),
          new Option("Decision Maker Bought-In", "decisionmakerboughtin"),
          new Option("Contract Sent", "contractsent"),
          new Option("Closed Won", "closedwon"),
          new Option("Closed Lost", "closedlost"));
  static final List<Option> CURRENCIES =
      List.of(
          new Option("US Dollar", "USD"),
          new Option("Euro", "EUR"),
          new Option("British Pound", "GBP"),
          new Option("Canadian Dollar", "CAD"),
          new Option("Australian Dollar", "AUD"),
          new Option("Swiss Franc", "CHF"),
          new Option("Japanese Yen", "JPY"));
  static final List<Option> PIPELINES = List.of(new Option("Sales Pipeline", "default"));
  static final List<Option> INDUSTRIES =
      List.of(
          new Option("Accounting", "ACCOUNTING"),
          new Option("Banking", "BANKING"),
          new Option("Computer Software", "COMPUTER_SOFTWARE"),
          new Option("Construction", "CONSTRUCTION"),
          new Option("Education Management", "EDUCATION_MANAGEMENT"),
          new Option("Financial Services", "FINANCIAL_SERVICES"),
          new Option("Food & Beverages", "FOOD_BEVERAGES"),
          new Option("Hospital & Health Care", "HOSPITAL_HEALTH_CARE"),
          new Option("Information Technology and Services", "INFORMATION_TECHNOLOGY_AND_SERVICES"),
          new Option("Insurance", "INSURANCE"),
          new Option("Internet", "INTERNET"),
          new Option("Logistics and Supply Chain", "LOGISTICS_AND_SUPPLY_CHAIN"),
          new Option("Management Consulting", "MANAGEMENT_CONSULTING"),
          new Option("Marketing and Advertising", "MARKETING_AND_ADVERTISING"),
          new Option("Real Estate", "REAL_ESTATE"),
          new Option("Retail", "RETAIL"),
          new Option("Telecommunications", "TELECOMMUNICATIONS"));

  private final Map<ObjectKind, Map<String, PropertyDefinition>> byKind =
      new EnumMap<>(ObjectKind.class);

  PropertyCatalog() {
    reset();
  }

  synchronized void reset() {
    byKind.clear();
    Map<String, PropertyDefinition> c = new LinkedHashMap<>();
    add(c, text("email", "Email", "contactinformation", true));
    add(c, text("firstname", "First Name", "contactinformation", false));
    add(c, text("lastname", "Last Name", "contactinformation", false));
    add(c, phone("phone", "Phone Number"));
    add(c, phone("mobilephone", "Mobile Phone Number"));
    add(c, text("company", "Company Name", "contactinformation", false));
    add(c, text("jobtitle", "Job Title", "contactinformation", false));
    add(c, text("website", "Website URL", "contactinformation", false));
    add(c, text("address", "Street Address", "contactinformation", false));
    add(c, text("city", "City", "contactinformation", false));
    add(c, text("zip", "Postal Code", "contactinformation", false));
    add(c, text("state", "State/Region", "contactinformation", false));
    add(c, text("country", "Country/Region", "contactinformation", false));
    add(
        c,
        new PropertyDefinition(
            "lifecyclestage",
            "Lifecycle Stage",
            "enumeration",
            "radio",
            "contactinformation",
            LIFECYCLE_STAGES,
            false,
            false,
            true));
    add(
        c,
        new PropertyDefinition(
            "associatedcompanyid",
            "Primary Associated Company ID",
            "number",
            "number",
            "contactinformation",
            List.of(),
            false,
            false,
            true));
    addSystem(c, "lastmodifieddate", "Last Modified Date");
    byKind.put(ObjectKind.CONTACTS, c);

    Map<String, PropertyDefinition> co = new LinkedHashMap<>();
    add(co, text("name", "Company name", "companyinformation", false));
    add(co, text("domain", "Company Domain Name", "companyinformation", false));
    add(co, phone("phone", "Phone Number"));
    add(co, text("website", "Website URL", "companyinformation", false));
    add(
        co,
        new PropertyDefinition(
            "industry",
            "Industry",
            "enumeration",
            "select",
            "companyinformation",
            INDUSTRIES,
            false,
            false,
            true));
    add(co, text("address", "Street Address", "companyinformation", false));
    add(co, text("city", "City", "companyinformation", false));
    add(co, text("zip", "Postal Code", "companyinformation", false));
    add(co, text("state", "State/Region", "companyinformation", false));
    add(co, text("country", "Country/Region", "companyinformation", false));
    add(
        co,
        new PropertyDefinition(
            "description",
            "Description",
            "string",
            "textarea",
            "companyinformation",
            List.of(),
            false,
            false,
            true));
    addSystem(co, "hs_lastmodifieddate", "Last Modified Date");
    byKind.put(ObjectKind.COMPANIES, co);

    Map<String, PropertyDefinition> d = new LinkedHashMap<>();
    add(d, text("dealname", "Deal Name", "dealinformation", false));
    add(
        d,
        new PropertyDefinition(
            "amount",
            "Amount",
            "number",
            "number",
            "dealinformation",
            List.of(),
            false,
            false,
            true));
    add(
        d,
        new PropertyDefinition(
            "deal_currency_code",
            "Currency",
            "enumeration",
            "select",
            "dealinformation",
            CURRENCIES,
            false,
            false,
            true));
    add(
        d,
        new PropertyDefinition(
            "closedate",
            "Close Date",
            "datetime",
            "date",
            "dealinformation",
            List.of(),
            false,
            false,
            true));
    add(
        d,
        new PropertyDefinition(
            "dealstage",
            "Deal Stage",
            "enumeration",
            "radio",
            "dealinformation",
            DEAL_STAGES,
            false,
            false,
            true));
    add(
        d,
        new PropertyDefinition(
            "pipeline",
            "Pipeline",
            "enumeration",
            "select",
            "dealinformation",
            PIPELINES,
            false,
            false,
            true));
    add(
        d,
        new PropertyDefinition(
            "description",
            "Deal Description",
            "string",
            "textarea",
            "dealinformation",
            List.of(),
            false,
            false,
            true));
    addSystem(d, "hs_lastmodifieddate", "Last Modified Date");
    byKind.put(ObjectKind.DEALS, d);
  }

  private static void addSystem(Map<String, PropertyDefinition> m, String modified, String label) {
    String group = m.values().iterator().next().groupName();
    add(
        m,
        new PropertyDefinition(
            "hs_object_id", "Record ID", "number", "number", group, List.of(), true, true, true));
    add(
        m,
        new PropertyDefinition(
            "createdate", "Create Date", "datetime", "date", group, List.of(), false, true, true));
    add(
        m,
        new PropertyDefinition(
            modified, label, "datetime", "date", group, List.of(), false, true, true));
  }

  private static PropertyDefinition text(String name, String label, String group, boolean unique) {
    return new PropertyDefinition(
        name, label, "string", "text", group, List.of(), unique, false, true);
  }

  private static PropertyDefinition phone(String name, String label) {
    return new PropertyDefinition(
        name, label, "string", "phonenumber", "contactinformation", List.of(), false, false, true);
  }

  private static void add(Map<String, PropertyDefinition> m, PropertyDefinition p) {
    m.put(p.name(), p);
  }

  synchronized PropertyDefinition get(ObjectKind kind, String name) {
    return byKind.get(kind).get(name);
  }

  synchronized Collection<PropertyDefinition> all(ObjectKind kind) {
    return new ArrayList<>(byKind.get(kind).values());
  }

  /** Creates a custom property; a name already in use is a 409 as in HubSpot. */
  synchronized PropertyDefinition create(ObjectKind kind, PropertyDefinition p) {
    Map<String, PropertyDefinition> m = byKind.get(kind);
    if (m.containsKey(p.name())) {
      throw new ApiException(
          409, "OBJECT_ALREADY_EXISTS", "A property named '" + p.name() + "' already exists.");
    }
    m.put(p.name(), p);
    return p;
  }
}
