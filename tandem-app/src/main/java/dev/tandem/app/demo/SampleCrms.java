package dev.tandem.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's sample data, written through each emulator's public API: two CRMs that overlap the way
 * real ones do. The same people are in both with different fields filled in (Ada's phone in
 * HubSpot, her job title and company in Dynamics), some are on one side only, Dynamics holds Linus
 * twice, and a record on each side has no email.
 */
public final class SampleCrms {
  private SampleCrms() {}

  /** Seeds HubSpot: 3 companies, 5 contacts (one without email), 1 deal. */
  public static void seedHubSpot(EmulatorApi hs) {
    String analytical =
        hubspot(
            hs,
            "companies",
            props(
                "name",
                "Analytical Engines",
                "domain",
                "analytical.example",
                "phone",
                "+44 20 7946 0000"));
    String bletchley =
        hubspot(
            hs,
            "companies",
            props(
                "name", "Bletchley Park", "domain", "bletchley.example", "city", "Milton Keynes"));
    String kernel =
        hubspot(hs, "companies", props("name", "Kernel Org", "domain", "kernel.example"));
    String ada =
        hubspot(
            hs,
            "contacts",
            props(
                "email", "ada@analytical.example",
                "firstname", "Ada",
                "lastname", "Lovelace",
                "phone", "+44 20 7946 0001"));
    hubspot(
        hs,
        "contacts",
        props(
            "email",
            "grace@navy.example",
            "firstname",
            "Grace",
            "lastname",
            "Hopper",
            "jobtitle",
            "Rear Admiral"));
    hubspot(
        hs,
        "contacts",
        props(
            "email", "alan@bletchley.example",
            "firstname", "Alan",
            "lastname", "Turing",
            "jobtitle", "Cryptanalyst",
            "associatedcompanyid", bletchley));
    hubspot(
        hs,
        "contacts",
        props(
            "email", "linus@kernel.example",
            "firstname", "Linus",
            "lastname", "Torvalds",
            "phone", "+358 9 555 0199",
            "associatedcompanyid", kernel));
    hubspot(hs, "contacts", props("firstname", "Anonymous", "lastname", "Visitor"));
    Map<String, Object> deal = new LinkedHashMap<>();
    deal.put(
        "properties",
        props(
            "dealname", "Difference Engine No. 2",
            "amount", "25000",
            "closedate", "2026-12-31",
            "dealstage", "contractsent",
            "pipeline", "default"));
    deal.put("associations", List.of(association(analytical, 341), association(ada, 3)));
    hs.post("/crm/v3/objects/deals", deal);
  }

  /** Seeds Dynamics: 3 accounts, 5 contacts (a duplicate, one without email), 2 opportunities. */
  public static void seedDynamics(EmulatorApi dyn) {
    String analytical =
        dataverse(
            dyn,
            "accounts",
            props(
                "name", "Analytical Engines",
                "websiteurl", "https://www.analytical.example",
                "address1_line1", "12 Dorset Street",
                "address1_city", "London",
                "address1_country", "United Kingdom"));
    String apollo =
        dataverse(
            dyn,
            "accounts",
            props(
                "name", "Apollo Guidance",
                "websiteurl", "https://apollo.example",
                "telephone1", "+1 617 555 0100",
                "address1_city", "Cambridge",
                "address1_country", "United States"));
    String kernel =
        dataverse(
            dyn,
            "accounts",
            props(
                "name", "Kernel Org", "websiteurl", "kernel.example", "address1_city", "Portland"));
    Map<String, Object> ada =
        props(
            "emailaddress1", "ADA@analytical.example",
            "firstname", "Ada",
            "lastname", "Lovelace",
            "jobtitle", "Countess",
            "address1_city", "London");
    ada.put("parentcustomerid_account@odata.bind", "/accounts(" + analytical + ")");
    dataverse(dyn, "contacts", ada);
    dataverse(
        dyn,
        "contacts",
        props(
            "emailaddress1", "grace@navy.example",
            "firstname", "Grace",
            "lastname", "Hopper",
            "mobilephone", "+1 202 555 0143",
            "address1_city", "Arlington"));
    Map<String, Object> margaret =
        props(
            "emailaddress1", "margaret@apollo.example",
            "firstname", "Margaret",
            "lastname", "Hamilton",
            "jobtitle", "Director of Software Engineering",
            "telephone1", "+1 617 555 0110");
    margaret.put("parentcustomerid_account@odata.bind", "/accounts(" + apollo + ")");
    String margaretId = dataverse(dyn, "contacts", margaret);
    // The same person entered twice: Tandem reports the duplicate instead of guessing.
    dataverse(
        dyn,
        "contacts",
        props(
            "emailaddress1", "linus@kernel.example", "firstname", "Linus", "lastname", "Torvalds"));
    dataverse(
        dyn,
        "contacts",
        props("emailaddress1", "linus@kernel.example", "firstname", "L.", "lastname", "Torvalds"));
    dataverse(
        dyn,
        "contacts",
        props("firstname", "Katherine", "lastname", "Johnson", "jobtitle", "Mathematician"));
    Map<String, Object> software =
        props("name", "Apollo flight software", "estimatedclosedate", "2027-03-31");
    software.put("estimatedvalue", 120000);
    software.put("salesstage", 1);
    software.put("parentaccountid@odata.bind", "/accounts(" + apollo + ")");
    software.put("parentcontactid@odata.bind", "/contacts(" + margaretId + ")");
    dataverse(dyn, "opportunities", software);
    Map<String, Object> support =
        props("name", "Kernel support 2027", "estimatedclosedate", "2026-11-01");
    support.put("estimatedvalue", 48000);
    support.put("salesstage", 3);
    support.put("statecode", 1);
    support.put("parentaccountid@odata.bind", "/accounts(" + kernel + ")");
    dataverse(dyn, "opportunities", support);
  }

  /** The id of the HubSpot contact with this email. */
  public static String hubspotContactId(EmulatorApi hs, String email) {
    return hs.get("/crm/v3/objects/contacts/" + enc(email) + "?idProperty=email")
        .path("id")
        .asText();
  }

  /** The id of the (first) Dynamics contact with this email. */
  public static String dynamicsContactId(EmulatorApi dyn, String email) {
    JsonNode rows =
        dyn.get("/contacts?$select=contactid&$filter=" + enc("emailaddress1 eq '" + email + "'"))
            .path("value");
    if (rows.isEmpty()) {
      throw new IllegalStateException("no Dynamics contact has the email " + email);
    }
    return rows.get(0).path("contactid").asText();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String hubspot(EmulatorApi hs, String type, Map<String, Object> properties) {
    return hs.post("/crm/v3/objects/" + type, Map.of("properties", properties)).path("id").asText();
  }

  private static String dataverse(EmulatorApi dyn, String set, Map<String, Object> row) {
    String key = set.equals("opportunities") ? "opportunityid" : set.replaceAll("s$", "") + "id";
    return dyn.post("/" + set, row).path(key).asText();
  }

  private static Map<String, Object> association(String toId, int typeId) {
    return Map.of(
        "to",
        Map.of("id", toId),
        "types",
        List.of(Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", typeId)));
  }

  private static Map<String, Object> props(String... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
