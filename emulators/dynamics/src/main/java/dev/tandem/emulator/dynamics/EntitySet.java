package dev.tandem.emulator.dynamics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The definition of one Dataverse table as the Web API exposes it: its entity set name, logical
 * name, primary key, columns and lookups.
 */
record EntitySet(
    String name,
    String logicalName,
    String key,
    Map<String, Attribute> attributes,
    List<Lookup> lookups) {

  /** Column types the emulator validates and compares. */
  enum Type {
    STRING,
    DATETIME,
    DATEONLY,
    MONEY,
    INTEGER,
    CHOICE,
    GUID,
    LOOKUP
  }

  /**
   * One column.
   *
   * @param maxLength for strings, the longest value accepted
   * @param options for choices, the allowed integer values
   * @param writable whether a client may set it (false for the key after create, computed and
   *     system columns)
   */
  record Attribute(
      String name, Type type, int maxLength, List<Integer> options, boolean writable) {}

  /**
   * A lookup column: read as {@code _<name>_value}, written with {@code <navigation>@odata.bind}.
   *
   * @param name the lookup attribute, e.g. {@code parentcustomerid}
   * @param targets navigation property name to the entity set it points to, e.g. {@code
   *     parentcustomerid_account → accounts}
   */
  record Lookup(String name, Map<String, String> targets) {
    String valueProperty() {
      return "_" + name + "_value";
    }
  }

  Attribute attribute(String name) {
    return attributes.get(name);
  }

  /** The lookup whose navigation property is {@code navigation}, or null. */
  Lookup lookupByNavigation(String navigation) {
    for (Lookup l : lookups) {
      if (l.targets().containsKey(navigation)) {
        return l;
      }
    }
    return null;
  }

  Lookup lookupByValueProperty(String property) {
    for (Lookup l : lookups) {
      if (l.valueProperty().equals(property)) {
        return l;
      }
    }
    return null;
  }

  /** The three tables Tandem syncs, with the columns a default Dynamics 365 Sales org has. */
  static Map<String, EntitySet> defaults() {
    Map<String, EntitySet> sets = new LinkedHashMap<>();
    sets.put("contacts", contacts());
    sets.put("accounts", accounts());
    sets.put("opportunities", opportunities());
    return sets;
  }

  private static EntitySet contacts() {
    Builder b = new Builder("contactid");
    b.str("firstname", 50).str("lastname", 50);
    b.readOnly("fullname", Type.STRING);
    b.str("emailaddress1", 100).str("emailaddress2", 100);
    b.str("telephone1", 50).str("mobilephone", 50).str("jobtitle", 100);
    address(b);
    b.str("websiteurl", 200).str("description", 2000);
    b.attr("birthdate", Type.DATEONLY, 0, List.of());
    b.readOnly("_parentcustomerid_value", Type.LOOKUP);
    system(b);
    return new EntitySet(
        "contacts",
        "contact",
        "contactid",
        b.attrs,
        List.of(
            new Lookup(
                "parentcustomerid",
                Map.of(
                    "parentcustomerid_account", "accounts",
                    "parentcustomerid_contact", "contacts"))));
  }

  private static EntitySet accounts() {
    Builder b = new Builder("accountid");
    b.str("name", 160).str("accountnumber", 20).str("websiteurl", 200);
    b.str("telephone1", 50).str("emailaddress1", 100);
    // Industry choice values 1..33 as in a default org (1 = Accounting … 33 = Wholesale).
    b.attr(
        "industrycode",
        Type.CHOICE,
        0,
        java.util.stream.IntStream.rangeClosed(1, 33).boxed().toList());
    address(b);
    b.str("description", 2000);
    b.attr("numberofemployees", Type.INTEGER, 0, List.of());
    b.attr("revenue", Type.MONEY, 0, List.of());
    system(b);
    return new EntitySet("accounts", "account", "accountid", b.attrs, List.of());
  }

  private static EntitySet opportunities() {
    Builder b = new Builder("opportunityid");
    b.str("name", 300);
    b.attr("estimatedvalue", Type.MONEY, 0, List.of());
    b.attr("estimatedclosedate", Type.DATEONLY, 0, List.of());
    // salesstage: 0 Qualify, 1 Develop, 2 Propose, 3 Close. salesstagecode: 1 Default Value.
    b.attr("salesstage", Type.CHOICE, 0, List.of(0, 1, 2, 3));
    b.attr("salesstagecode", Type.CHOICE, 0, List.of(1));
    b.str("stepname", 200);
    // statecode: 0 Open, 1 Won, 2 Lost.
    b.attr("statecode", Type.CHOICE, 0, List.of(0, 1, 2));
    b.attr("closeprobability", Type.INTEGER, 0, List.of());
    b.str("description", 2000);
    b.readOnly("_parentaccountid_value", Type.LOOKUP);
    b.readOnly("_parentcontactid_value", Type.LOOKUP);
    system(b);
    return new EntitySet(
        "opportunities",
        "opportunity",
        "opportunityid",
        b.attrs,
        List.of(
            new Lookup("parentaccountid", Map.of("parentaccountid", "accounts")),
            new Lookup("parentcontactid", Map.of("parentcontactid", "contacts"))));
  }

  private static void address(Builder b) {
    b.str("address1_line1", 250).str("address1_line2", 250).str("address1_city", 80);
    b.str("address1_postalcode", 20).str("address1_stateorprovince", 50);
    b.str("address1_country", 80);
  }

  private static void system(Builder b) {
    b.readOnly("createdon", Type.DATETIME);
    b.readOnly("modifiedon", Type.DATETIME);
    b.readOnly("versionnumber", Type.INTEGER);
  }

  private static final class Builder {
    final Map<String, Attribute> attrs = new LinkedHashMap<>();

    Builder(String key) {
      // The key is writable on create (clients may choose the id) and never changes afterwards.
      attrs.put(key, new Attribute(key, Type.GUID, 0, List.of(), true));
    }

    Builder str(String name, int max) {
      return attr(name, Type.STRING, max, List.of());
    }

    Builder attr(String name, Type type, int max, List<Integer> options) {
      attrs.put(name, new Attribute(name, type, max, options, true));
      return this;
    }

    Builder readOnly(String name, Type type) {
      attrs.put(name, new Attribute(name, type, 0, List.of(), false));
      return this;
    }
  }
}
