package dev.tandem.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each emulator holds, read through its public API and printed as a small table: the demo
 * shows the apps themselves, not Tandem's idea of them.
 */
public final class AppTables {
  /** One contact as an app holds it, the company resolved to its name. */
  public record ContactRow(
      String name, String email, String phone, String mobile, String jobTitle, String company) {
    String line() {
      return String.format(
          "%-18s %-26s %-17s %-17s %-33s %s",
          name, dash(email), dash(phone), dash(mobile), dash(jobTitle), dash(company));
    }
  }

  private AppTables() {}

  public static List<ContactRow> hubspotContacts(EmulatorApi hs) {
    Map<String, String> companies = new HashMap<>();
    for (JsonNode c :
        hs.get("/crm/v3/objects/companies?limit=100&properties=name").path("results")) {
      companies.put(c.path("id").asText(), c.path("properties").path("name").asText(null));
    }
    List<ContactRow> out = new ArrayList<>();
    for (JsonNode c :
        hs.get(
                "/crm/v3/objects/contacts?limit=100&properties="
                    + "firstname,lastname,email,phone,mobilephone,jobtitle,associatedcompanyid")
            .path("results")) {
      JsonNode p = c.path("properties");
      out.add(
          new ContactRow(
              (text(p, "firstname") + " " + text(p, "lastname")).trim(),
              text(p, "email"),
              text(p, "phone"),
              text(p, "mobilephone"),
              text(p, "jobtitle"),
              companies.get(text(p, "associatedcompanyid"))));
    }
    return out;
  }

  public static List<ContactRow> dynamicsContacts(EmulatorApi dyn) {
    Map<String, String> accounts = new HashMap<>();
    for (JsonNode a : dyn.get("/accounts?$select=name,accountid").path("value")) {
      accounts.put(a.path("accountid").asText(), a.path("name").asText(null));
    }
    List<ContactRow> out = new ArrayList<>();
    for (JsonNode c :
        dyn.get(
                "/contacts?$select=fullname,emailaddress1,telephone1,mobilephone,jobtitle,"
                    + "_parentcustomerid_value")
            .path("value")) {
      out.add(
          new ContactRow(
              text(c, "fullname"),
              text(c, "emailaddress1"),
              text(c, "telephone1"),
              text(c, "mobilephone"),
              text(c, "jobtitle"),
              accounts.get(text(c, "_parentcustomerid_value"))));
    }
    return out;
  }

  static void print(PrintStream out, String title, List<ContactRow> rows) {
    out.println("\n  " + title + " (" + rows.size() + " contacts):");
    out.println(
        "    " + new ContactRow("name", "email", "phone", "mobile", "job title", "company").line());
    rows.forEach(r -> out.println("    " + r.line()));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? "" : v.asText();
  }

  private static String dash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
