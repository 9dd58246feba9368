package dev.tandem.emulator.dynamics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded sample data: accounts with websites, contacts working for them, opportunities. The same
 * seed always gives the same records (ids included), so demos and tests are repeatable.
 */
final class SampleData {
  private static final String[] FIRST = {
    "Ada", "Alan", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "John",
    "Katherine", "Tim", "Radia", "Vint", "Hedy", "Edsger", "Sophie", "Niklaus", "Mary", "Donald",
    "Lena", "Marco", "Yuki", "Priya", "Omar", "Elena", "Jonas", "Chloé", "Mateo", "Aisha",
    "Noah", "Emma", "Lucas", "Mia", "Leon", "Hannah", "Felix", "Clara", "Oskar", "Ingrid"
  };
  private static final String[] LAST = {
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Allen",
    "Backus",
    "Johnson",
    "Berners-Lee",
    "Perlman",
    "Cerf",
    "Lamarr",
    "Dijkstra",
    "Wilson",
    "Wirth",
    "Keller",
    "Knuth",
    "Schmidt",
    "Rossi",
    "Tanaka",
    "Sharma",
    "Haddad",
    "Petrova",
    "Berg",
    "Dubois",
    "García",
    "Okafor",
    "Müller",
    "Novak",
    "Jensen",
    "Costa",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Fischer",
    "Svensson",
    "O'Brien"
  };
  private static final String[] COMPANY_A = {
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Litware",
    "Adventure",
    "Tailspin",
    "Wingtip",
    "Proseware",
    "Lucerne",
    "Coho",
    "Alpine",
    "Blue Yonder",
    "Fourth Coffee",
    "Humongous",
    "Margie's",
    "Trey",
    "Wide World",
    "Woodgrove",
    "Graphic",
    "Southridge"
  };
  private static final String[] COMPANY_B = {
    "Traders",
    "Labs",
    "Systems",
    "Works",
    "Industries",
    "Partners",
    "Logistics",
    "Foods",
    "Software",
    "Energy"
  };
  private static final String[][] CITIES = {
    {"Seattle", "WA", "United States", "98101"},
    {"Redmond", "WA", "United States", "98052"},
    {"Austin", "TX", "United States", "73301"},
    {"Boston", "MA", "United States", "02108"},
    {"London", "England", "United Kingdom", "EC1A 1BB"},
    {"Berlin", "Berlin", "Germany", "10115"},
    {"Paris", "Île-de-France", "France", "75001"},
    {"Amsterdam", "North Holland", "Netherlands", "1012"},
    {"Toronto", "ON", "Canada", "M5H 2N2"},
    {"Sydney", "NSW", "Australia", "2000"}
  };
  private static final String[] TITLES = {
    "CEO",
    "CTO",
    "Head of Sales",
    "Account Manager",
    "Engineer",
    "Buyer",
    "Marketing Lead",
    "Operations Manager",
    "CFO",
    "Product Manager"
  };
  private static final String[] STREETS = {
    "Main St", "Market St", "High Street", "Park Ave", "Oak Lane", "Harbour Rd", "King St"
  };
  private static final String[] PRODUCTS = {
    "Annual licence",
    "Support renewal",
    "Pilot",
    "Expansion",
    "Hardware refresh",
    "Consulting package",
    "Training"
  };
  private static final String[] STEPS = {"1-Qualify", "2-Develop", "3-Propose", "4-Close"};

  private SampleData() {}

  /**
   * Creates the sample records through the Web API handler itself, so they pass the same validation
   * as any client write.
   */
  static void load(
      WebApi api, ObjectMapper json, int accounts, int contacts, int opportunities, long seed) {
    Random r = new Random(seed);
    List<String> accountIds = new ArrayList<>();
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      String id = uuid(r);
      String name =
          COMPANY_A[i % COMPANY_A.length]
              + " "
              + COMPANY_B[(i / COMPANY_A.length + r.nextInt(COMPANY_B.length)) % COMPANY_B.length]
              + (i >= COMPANY_A.length * COMPANY_B.length ? " " + (i + 1) : "");
      String domain =
          name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "")
              + (r.nextBoolean() ? ".com" : ".io");
      String[] city = CITIES[r.nextInt(CITIES.length)];
      ObjectNode o = json.createObjectNode();
      o.put("accountid", id);
      o.put("name", name);
      o.put("websiteurl", "https://www." + domain);
      o.put("telephone1", phone(r));
      o.put("emailaddress1", "info@" + domain);
      o.put("industrycode", 1 + r.nextInt(33));
      address(o, r, city);
      o.put("numberofemployees", 5 + r.nextInt(5000));
      o.put("revenue", 100_000 + r.nextInt(50_000_000));
      post(api, "accounts", o);
      accountIds.add(id);
      domains.add(domain);
    }
    List<String> contactIds = new ArrayList<>();
    List<String> contactAccounts = new ArrayList<>();
    for (int i = 0; i < contacts; i++) {
      String id = uuid(r);
      String first = FIRST[r.nextInt(FIRST.length)];
      String last = LAST[r.nextInt(LAST.length)];
      ObjectNode o = json.createObjectNode();
      o.put("contactid", id);
      o.put("firstname", first);
      o.put("lastname", last);
      String account = null;
      String domain = "example.com";
      if (!accountIds.isEmpty() && r.nextInt(10) < 8) {
        int a = r.nextInt(accountIds.size());
        account = accountIds.get(a);
        domain = domains.get(a);
        o.put("parentcustomerid_account@odata.bind", "/accounts(" + account + ")");
      }
      String local =
          (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "")
              + (i >= 100 ? i : "");
      // A few contacts have no email, as in real data.
      if (r.nextInt(20) != 0) {
        o.put("emailaddress1", local + "@" + domain);
      }
      o.put("telephone1", phone(r));
      if (r.nextBoolean()) {
        o.put("mobilephone", phone(r));
      }
      o.put("jobtitle", TITLES[r.nextInt(TITLES.length)]);
      address(o, r, CITIES[r.nextInt(CITIES.length)]);
      if (r.nextInt(3) == 0) {
        o.put(
            "birthdate",
            LocalDate.of(1950 + r.nextInt(50), 1 + r.nextInt(12), 1 + r.nextInt(28)).toString());
      }
      post(api, "contacts", o);
      contactIds.add(id);
      contactAccounts.add(account);
    }
    for (int i = 0; i < opportunities; i++) {
      ObjectNode o = json.createObjectNode();
      o.put("opportunityid", uuid(r));
      int stage = r.nextInt(4);
      String account = accountIds.isEmpty() ? null : accountIds.get(r.nextInt(accountIds.size()));
      o.put("name", PRODUCTS[r.nextInt(PRODUCTS.length)] + (account == null ? "" : " " + (i + 1)));
      o.put("estimatedvalue", 1000 + r.nextInt(250) * 1000);
      o.put("estimatedclosedate", LocalDate.of(2026, 1, 1).plusDays(r.nextInt(540)).toString());
      o.put("salesstage", stage);
      o.put("salesstagecode", 1);
      o.put("stepname", STEPS[stage]);
      o.put("closeprobability", 10 + stage * 25);
      if (account != null) {
        o.put("parentaccountid@odata.bind", "/accounts(" + account + ")");
      }
      if (!contactIds.isEmpty()) {
        int c = r.nextInt(contactIds.size());
        o.put("parentcontactid@odata.bind", "/contacts(" + contactIds.get(c) + ")");
      }
      post(api, "opportunities", o);
    }
  }

  private static void address(ObjectNode o, Random r, String[] city) {
    o.put("address1_line1", (1 + r.nextInt(300)) + " " + STREETS[r.nextInt(STREETS.length)]);
    o.put("address1_city", city[0]);
    o.put("address1_stateorprovince", city[1]);
    o.put("address1_country", city[2]);
    o.put("address1_postalcode", city[3]);
  }

  private static String phone(Random r) {
    return String.format(Locale.ROOT, "+1 555 %03d %04d", r.nextInt(1000), r.nextInt(10000));
  }

  private static String uuid(Random r) {
    long hi = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lo = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private static void post(WebApi api, String set, ObjectNode body) {
    ApiResponse resp = api.handle(new ApiRequest("POST", set, "", Map.of(), body.toString()));
    if (resp.status >= 300) {
      throw new IllegalStateException("sample " + set + " refused: " + resp.body);
    }
  }
}
