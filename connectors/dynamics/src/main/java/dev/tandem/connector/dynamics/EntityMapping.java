package dev.tandem.connector.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Record;
import dev.tandem.core.schema.CanonicalFields;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.FieldDef.FieldType;
import dev.tandem.core.spi.Schema;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one Tandem object type maps to a Dataverse table: the entity set, the columns read and
 * written, their canonical names, and the conversions between Dataverse JSON and {@link Record}
 * fields.
 *
 * <p>Record fields are named after the Dataverse attributes ({@code firstname}, {@code
 * emailaddress1}, …). A lookup is a field named after the lookup ({@code parentcustomerid}) holding
 * the target's guid; it is read from {@code _parentcustomerid_value} and written as {@code
 * parentcustomerid_account@odata.bind}. A choice column holds its label ({@code Propose}).
 */
final class EntityMapping {
  enum Kind {
    TEXT,
    NUMBER,
    DATE,
    CHOICE,
    LOOKUP,
    /** Read-only, computed by Dataverse (fullname). */
    COMPUTED,
    /** Read-only, derived by the connector (an account's domain from its website). */
    DOMAIN,
    /**
     * An opportunity's stage in canonical terms: {@code salesstage} while open, {@code statecode}
     * once won or lost.
     */
    STAGE
  }

  /** Tandem's canonical deal stages, in pipeline order. */
  static final List<String> STAGES =
      List.of("qualify", "develop", "propose", "closed-won", "closed-lost");

  private static final int STATE_OPEN = 0;
  private static final int STATE_WON = 1;
  private static final int STATE_LOST = 2;

  /**
   * One Record field.
   *
   * @param bind for a lookup, the navigation property written with {@code @odata.bind}
   * @param target for a lookup, the entity set it points into
   * @param targetLogicalName for a lookup, the table it must point to to count
   * @param choices for a choice, label to value
   */
  record Field(
      String name,
      String canonical,
      FieldType type,
      Kind kind,
      String bind,
      String target,
      String targetLogicalName,
      Map<String, Integer> choices) {

    String attribute() {
      return kind == Kind.LOOKUP ? "_" + name + "_value" : name;
    }

    boolean readOnly() {
      return kind == Kind.COMPUTED || kind == Kind.DOMAIN;
    }
  }

  /** A field value the connector cannot send, with the reason. */
  static final class InvalidValue extends Exception {
    InvalidValue(String message) {
      super(message, null, false, false);
    }
  }

  final ObjectType type;
  final String set;
  final String key;
  final List<Field> fields;
  private final Map<String, Field> byName = new LinkedHashMap<>();

  private EntityMapping(ObjectType type, String set, String key, List<Field> fields) {
    this.type = type;
    this.set = set;
    this.key = key;
    this.fields = fields;
    fields.forEach(f -> byName.put(f.name(), f));
  }

  Field field(String name) {
    return byName.get(name);
  }

  static Map<ObjectType, EntityMapping> all() {
    Map<ObjectType, EntityMapping> m = new LinkedHashMap<>();
    m.put(ObjectType.CONTACT, contacts());
    m.put(ObjectType.COMPANY, accounts());
    m.put(ObjectType.DEAL, opportunities());
    return m;
  }

  private static EntityMapping contacts() {
    List<Field> f = new ArrayList<>();
    f.add(text("firstname", CanonicalFields.FIRST_NAME, FieldType.STRING));
    f.add(text("lastname", CanonicalFields.LAST_NAME, FieldType.STRING));
    f.add(
        new Field(
            "fullname",
            CanonicalFields.FULL_NAME,
            FieldType.STRING,
            Kind.COMPUTED,
            null,
            null,
            null,
            Map.of()));
    f.add(text("emailaddress1", CanonicalFields.EMAIL, FieldType.EMAIL));
    f.add(text("emailaddress2", null, FieldType.EMAIL));
    f.add(text("telephone1", "phone", FieldType.PHONE));
    f.add(text("mobilephone", "mobilePhone", FieldType.PHONE));
    f.add(text("jobtitle", "jobTitle", FieldType.STRING));
    f.add(text("websiteurl", "website", FieldType.STRING));
    address(f);
    f.add(
        new Field("birthdate", "birthday", FieldType.DATE, Kind.DATE, null, null, null, Map.of()));
    f.add(text("description", "notes", FieldType.STRING));
    f.add(
        lookup(
            "parentcustomerid",
            CanonicalFields.COMPANY_REF,
            "parentcustomerid_account",
            "accounts",
            "account"));
    return new EntityMapping(ObjectType.CONTACT, "contacts", "contactid", f);
  }

  private static EntityMapping accounts() {
    List<Field> f = new ArrayList<>();
    f.add(text("name", CanonicalFields.NAME, FieldType.STRING));
    f.add(
        new Field(
            "domain",
            CanonicalFields.DOMAIN,
            FieldType.STRING,
            Kind.DOMAIN,
            null,
            null,
            null,
            Map.of()));
    f.add(text("websiteurl", "website", FieldType.STRING));
    f.add(text("telephone1", "phone", FieldType.PHONE));
    f.add(text("emailaddress1", null, FieldType.EMAIL));
    f.add(text("accountnumber", null, FieldType.STRING));
    // industrycode is an org-specific choice; synced as its integer value, mapped by hand if at
    // all.
    f.add(
        new Field("industrycode", null, FieldType.NUMBER, Kind.NUMBER, null, null, null, Map.of()));
    address(f);
    f.add(text("description", "description", FieldType.STRING));
    f.add(
        new Field(
            "numberofemployees", null, FieldType.NUMBER, Kind.NUMBER, null, null, null, Map.of()));
    f.add(new Field("revenue", null, FieldType.NUMBER, Kind.NUMBER, null, null, null, Map.of()));
    return new EntityMapping(ObjectType.COMPANY, "accounts", "accountid", f);
  }

  private static EntityMapping opportunities() {
    List<Field> f = new ArrayList<>();
    f.add(text("name", CanonicalFields.NAME, FieldType.STRING));
    f.add(
        new Field(
            "estimatedvalue", "amount", FieldType.NUMBER, Kind.NUMBER, null, null, null, Map.of()));
    f.add(
        new Field(
            "estimatedclosedate",
            "closeDate",
            FieldType.DATE,
            Kind.DATE,
            null,
            null,
            null,
            Map.of()));
    Map<String, Integer> stages = new LinkedHashMap<>();
    stages.put("Qualify", 0);
    stages.put("Develop", 1);
    stages.put("Propose", 2);
    stages.put("Close", 3);
    f.add(
        new Field(
            "salesstage", "stage", FieldType.ENUMERATION, Kind.STAGE, null, null, null, stages));
    f.add(text("stepname", null, FieldType.STRING));
    f.add(
        new Field(
            "closeprobability", null, FieldType.NUMBER, Kind.NUMBER, null, null, null, Map.of()));
    f.add(text("description", "description", FieldType.STRING));
    f.add(
        lookup(
            "parentaccountid",
            CanonicalFields.COMPANY_REF,
            "parentaccountid",
            "accounts",
            "account"));
    f.add(
        lookup(
            "parentcontactid",
            CanonicalFields.CONTACT_REF,
            "parentcontactid",
            "contacts",
            "contact"));
    return new EntityMapping(ObjectType.DEAL, "opportunities", "opportunityid", f);
  }

  private static void address(List<Field> f) {
    f.add(text("address1_line1", "street", FieldType.STRING));
    f.add(text("address1_city", "city", FieldType.STRING));
    f.add(text("address1_postalcode", "postalCode", FieldType.STRING));
    f.add(text("address1_stateorprovince", "region", FieldType.STRING));
    f.add(text("address1_country", "country", FieldType.STRING));
  }

  private static Field text(String name, String canonical, FieldType type) {
    return new Field(name, canonical, type, Kind.TEXT, null, null, null, Map.of());
  }

  private static Field lookup(
      String name, String canonical, String bind, String target, String logical) {
    return new Field(
        name, canonical, FieldType.REFERENCE, Kind.LOOKUP, bind, target, logical, Map.of());
  }

  Schema schema() {
    List<FieldDef> defs = new ArrayList<>();
    for (Field f : fields) {
      defs.add(
          new FieldDef(
              f.name(),
              f.canonical(),
              f.type(),
              f.kind() == Kind.STAGE ? STAGES : List.copyOf(f.choices().keySet()),
              f.readOnly()));
    }
    return new Schema(type, defs);
  }

  /** The {@code $select} list: every column the fields need, the key and modifiedon. */
  String select() {
    List<String> cols = new ArrayList<>();
    for (Field f : fields) {
      if (f.kind() == Kind.DOMAIN) {
        continue;
      }
      cols.add(f.attribute());
    }
    if (!cols.contains("websiteurl") && byName.containsKey("domain")) {
      cols.add("websiteurl");
    }
    if (fields.stream().anyMatch(f -> f.kind() == Kind.STAGE)) {
      cols.add("statecode");
    }
    cols.add("modifiedon");
    cols.add(key);
    return String.join(",", cols);
  }

  /** A Dataverse row as a Record; the version is the row's etag. */
  Record toRecord(JsonNode row) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Field f : fields) {
      JsonNode v = row.get(f.attribute());
      switch (f.kind()) {
        case DOMAIN -> values.put(f.name(), domain(row.path("websiteurl").asText(null)));
        case LOOKUP -> {
          String logical =
              row.path(f.attribute() + "@Microsoft.Dynamics.CRM.lookuplogicalname").asText(null);
          // parentcustomerid may point to a contact; only an account is the contact's company.
          if (v != null
              && !v.isNull()
              && (logical == null || logical.equals(f.targetLogicalName()))) {
            values.put(f.name(), v.asText());
          }
        }
        case NUMBER -> {
          if (v != null && v.isNumber()) {
            values.put(f.name(), v.decimalValue().stripTrailingZeros().toPlainString());
          }
        }
        case CHOICE -> {
          if (v != null && v.isNumber()) {
            values.put(f.name(), label(f, v.intValue()));
          }
        }
        case STAGE -> {
          String stage = stage(v, row.path("statecode"));
          if (stage != null) {
            values.put(f.name(), stage);
          }
        }
        default -> {
          if (v != null && !v.isNull()) {
            values.put(f.name(), v.asText());
          }
        }
      }
    }
    Instant modified = null;
    String m = row.path("modifiedon").asText(null);
    if (m != null) {
      try {
        modified = Instant.parse(m);
      } catch (RuntimeException ignored) {
        // An unexpected format only loses the timestamp, which is informative.
      }
    }
    return new Record(
        row.path(key).asText(), values, modified, row.path("@odata.etag").asText(null));
  }

  /**
   * The canonical stage of an opportunity: won or lost by its state, otherwise by its sales stage
   * ({@code Close} while still open counts as {@code propose}: the deal is not closed yet).
   */
  private static String stage(JsonNode salesstage, JsonNode statecode) {
    if (statecode.isNumber() && statecode.intValue() == STATE_WON) {
      return "closed-won";
    }
    if (statecode.isNumber() && statecode.intValue() == STATE_LOST) {
      return "closed-lost";
    }
    if (salesstage == null || !salesstage.isNumber()) {
      return null;
    }
    return switch (salesstage.intValue()) {
      case 0 -> "qualify";
      case 1 -> "develop";
      case 2, 3 -> "propose";
      default -> String.valueOf(salesstage.intValue());
    };
  }

  /** Writes a canonical stage (or a sales stage label) as salesstage and statecode. */
  private static void writeStage(ObjectNode o, Field f, String v) throws InvalidValue {
    String s = v.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "qualify", "develop", "propose" -> {
        o.put(f.name(), STAGES.indexOf(s));
        o.put("statecode", STATE_OPEN);
      }
      case "closed-won" -> {
        o.put(f.name(), 3);
        o.put("statecode", STATE_WON);
      }
      case "closed-lost" -> o.put("statecode", STATE_LOST);
      default -> {
        try {
          o.put(f.name(), choice(f, v.trim()));
          o.put("statecode", STATE_OPEN);
        } catch (InvalidValue e) {
          throw new InvalidValue(
              "'"
                  + f.name()
                  + "' must be one of "
                  + String.join(", ", STAGES)
                  + " (or a sales stage: "
                  + String.join(", ", f.choices().keySet())
                  + "), got '"
                  + v
                  + "'");
        }
      }
    }
  }

  private static String label(Field f, int value) {
    for (Map.Entry<String, Integer> e : f.choices().entrySet()) {
      if (e.getValue() == value) {
        return e.getKey();
      }
    }
    return String.valueOf(value);
  }

  /** The host of a website without {@code www.}, or null. */
  static String domain(String website) {
    if (website == null || website.isBlank()) {
      return null;
    }
    String w = website.trim();
    try {
      String host = URI.create(w.contains("://") ? w : "https://" + w).getHost();
      if (host == null) {
        return null;
      }
      host = host.toLowerCase(Locale.ROOT);
      return host.startsWith("www.") ? host.substring(4) : host;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The JSON body that writes {@code values}: an empty string clears a column (null), a lookup
   * becomes {@code <navigation>@odata.bind}.
   */
  ObjectNode payload(ObjectMapper json, Map<String, String> values) throws InvalidValue {
    ObjectNode o = json.createObjectNode();
    for (Map.Entry<String, String> e : values.entrySet()) {
      Field f = byName.get(e.getKey());
      String v = e.getValue();
      boolean clear = v == null || v.isBlank();
      if (f == null) {
        throw new InvalidValue(
            "'" + e.getKey() + "' is not a field of Dynamics " + set + " known to Tandem");
      }
      switch (f.kind()) {
        case COMPUTED, DOMAIN ->
            throw new InvalidValue(
                "'"
                    + f.name()
                    + "' is read-only in Dynamics ("
                    + (f.kind() == Kind.DOMAIN
                        ? "derived from websiteurl; write websiteurl instead"
                        : "computed by Dynamics from other columns")
                    + ")");
        case LOOKUP -> {
          if (clear) {
            o.putNull(f.bind() + "@odata.bind");
          } else {
            o.put(f.bind() + "@odata.bind", "/" + f.target() + "(" + v.trim() + ")");
          }
        }
        case NUMBER -> {
          if (clear) {
            o.putNull(f.name());
          } else {
            try {
              BigDecimal d = new BigDecimal(v.trim()).stripTrailingZeros();
              // Whole numbers go as JSON integers: integer and choice columns refuse 7.0.
              if (d.scale() <= 0) {
                o.put(f.name(), d.toBigIntegerExact());
              } else {
                o.put(f.name(), d);
              }
            } catch (NumberFormatException ex) {
              throw new InvalidValue("'" + f.name() + "' must be a number, got '" + v + "'");
            }
          }
        }
        case DATE -> {
          if (clear) {
            o.putNull(f.name());
          } else {
            try {
              o.put(
                  f.name(),
                  LocalDate.parse(v.trim().length() > 10 ? v.trim().substring(0, 10) : v.trim())
                      .toString());
            } catch (RuntimeException ex) {
              throw new InvalidValue(
                  "'" + f.name() + "' must be a date like 2026-03-31, got '" + v + "'");
            }
          }
        }
        case CHOICE -> {
          if (clear) {
            o.putNull(f.name());
          } else {
            o.put(f.name(), choice(f, v.trim()));
          }
        }
        case STAGE -> {
          if (clear) {
            o.putNull(f.name());
          } else {
            writeStage(o, f, v);
          }
        }
        default -> {
          if (clear) {
            o.putNull(f.name());
          } else {
            o.put(f.name(), v);
          }
        }
      }
    }
    return o;
  }

  private static int choice(Field f, String v) throws InvalidValue {
    for (Map.Entry<String, Integer> e : f.choices().entrySet()) {
      if (e.getKey().equalsIgnoreCase(v)) {
        return e.getValue();
      }
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException ex) {
      throw new InvalidValue(
          "'"
              + f.name()
              + "' must be one of "
              + String.join(", ", f.choices().keySet())
              + " (or its number), got '"
              + v
              + "'");
    }
  }
}
