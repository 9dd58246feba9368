package dev.tandem.emulator.hubspot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Realistic sample companies, contacts and deals from a seeded {@link Random}: the same seed gives
 * the same account. Contacts get a primary company, deals a company and a contact; creation and
 * modification dates spread over the past 60 days.
 */
final class SampleData {
  private static final String[] FIRST = {
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Oliver",
    "Sophia",
    "Elijah",
    "Isabella",
    "Lucas",
    "Mia",
    "Mateo",
    "Amelia",
    "Levi",
    "Harper",
    "Ethan",
    "Evelyn",
    "James",
    "Aria",
    "Leo",
    "Chloé",
    "Jürgen",
    "Sofía",
    "Mohammed",
    "Aiko",
    "Priya",
    "Lars",
    "Fatima",
    "Giulia",
    "Kwame",
    "Zoë",
    "Hiroshi",
    "Ana",
    "Björn",
    "Nadia",
    "Tomás",
    "Ingrid",
    "Ravi",
    "Elena",
    "Dmitri"
  };
  private static final String[] LAST = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martinez",
    "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee",
    "Müller", "Dubois", "Rossi", "Kowalski", "Nakamura", "Okafor", "Jensen", "Novak", "Silva",
    "O'Brien", "Haddad", "Larsen", "Fischer", "Costa", "Petrov", "Sato", "Patel", "Nguyen"
  };
  private static final String[] WORDS = {
    "Acme",
    "Blue",
    "North",
    "Bright",
    "Summit",
    "River",
    "Cedar",
    "Atlas",
    "Nova",
    "Pioneer",
    "Harbor",
    "Granite",
    "Silver",
    "Maple",
    "Vertex",
    "Orbit",
    "Crescent",
    "Falcon",
    "Evergreen",
    "Quantum",
    "Lumen",
    "Copper",
    "Meridian",
    "Beacon"
  };
  private static final String[] SUFFIX = {
    "Labs",
    "Systems",
    "Logistics",
    "Foods",
    "Consulting",
    "Health",
    "Software",
    "Partners",
    "Industries",
    "Media",
    "Energy",
    "Analytics"
  };
  private static final String[][] PLACES = {
    {"Boston", "MA", "United States", "02108"},
    {"Austin", "TX", "United States", "73301"},
    {"Seattle", "WA", "United States", "98101"},
    {"Toronto", "ON", "Canada", "M5H 2N2"},
    {"London", "England", "United Kingdom", "EC1A 1BB"},
    {"Berlin", "Berlin", "Germany", "10115"},
    {"Paris", "Île-de-France", "France", "75001"},
    {"Dublin", "Leinster", "Ireland", "D02 X285"},
    {"Amsterdam", "North Holland", "Netherlands", "1012 JS"},
    {"Sydney", "NSW", "Australia", "2000"}
  };
  private static final String[] TITLES = {
    "CEO",
    "CTO",
    "Head of Sales",
    "Marketing Manager",
    "Account Executive",
    "Engineer",
    "Operations Lead",
    "Product Manager",
    "CFO",
    "Customer Success Manager"
  };
  private static final String[] STREETS = {"Main St", "Oak Ave", "Market St", "High St", "Park Rd"};

  /** Sample records were created and last modified within this period before now. */
  private static final long SPREAD_MS = 60L * 24 * 3600 * 1000;

  private SampleData() {}

  /** Seeds the store; returns the ids created per object type. */
  static Map<ObjectKind, List<Long>> seed(
      CrmStore store, int companies, int contacts, int deals, long seed) {
    Random r = new Random(seed);
    long now = System.currentTimeMillis();
    Map<ObjectKind, List<Long>> ids = new HashMap<>();
    List<Long> companyIds = new ArrayList<>();
    Set<String> domains = new HashSet<>();
    for (int i = 0; i < companies; i++) {
      String name = pick(r, WORDS) + " " + pick(r, SUFFIX);
      String base = name.toLowerCase(Locale.ROOT).replace(" ", "");
      String domain = base + ".example.com";
      for (int n = 2; !domains.add(domain); n++) {
        domain = base + n + ".example.com";
      }
      String[] place = PLACES[r.nextInt(PLACES.length)];
      Map<String, String> p = new HashMap<>();
      p.put("name", domains.size() > WORDS.length * SUFFIX.length ? name + " " + i : name);
      p.put("domain", domain);
      p.put("website", "https://www." + domain);
      p.put("phone", phone(r));
      p.put(
          "industry",
          PropertyCatalog.INDUSTRIES.get(r.nextInt(PropertyCatalog.INDUSTRIES.size())).value());
      p.put("address", (1 + r.nextInt(999)) + " " + pick(r, STREETS));
      p.put("city", place[0]);
      p.put("state", place[1]);
      p.put("country", place[2]);
      p.put("zip", place[3]);
      long[] t = times(r, now);
      companyIds.add(store.seed(ObjectKind.COMPANIES, p, t[0], t[1]).id);
    }
    ids.put(ObjectKind.COMPANIES, companyIds);
    List<Long> contactIds = new ArrayList<>();
    Set<String> emails = new HashSet<>();
    for (int i = 0; i < contacts; i++) {
      String first = pick(r, FIRST);
      String last = pick(r, LAST);
      String local = ascii(first) + "." + ascii(last);
      String email = local + "@" + (r.nextBoolean() ? "example.com" : "example.org");
      for (int n = 2; !emails.add(email); n++) {
        email = local + n + "@" + (n % 2 == 0 ? "example.com" : "example.org");
      }
      String[] place = PLACES[r.nextInt(PLACES.length)];
      Map<String, String> p = new HashMap<>();
      p.put("email", email);
      p.put("firstname", first);
      p.put("lastname", last);
      p.put("phone", phone(r));
      if (r.nextInt(3) == 0) {
        p.put("mobilephone", phone(r));
      }
      p.put("jobtitle", pick(r, TITLES));
      p.put("city", place[0]);
      p.put("state", place[1]);
      p.put("country", place[2]);
      p.put("zip", place[3]);
      p.put(
          "lifecyclestage",
          PropertyCatalog.LIFECYCLE_STAGES
              .get(r.nextInt(PropertyCatalog.LIFECYCLE_STAGES.size()))
              .value());
      if (!companyIds.isEmpty() && r.nextInt(10) < 8) {
        long companyId = companyIds.get(r.nextInt(companyIds.size()));
        p.put("associatedcompanyid", Long.toString(companyId));
      }
      long[] t = times(r, now);
      contactIds.add(store.seed(ObjectKind.CONTACTS, p, t[0], t[1]).id);
    }
    ids.put(ObjectKind.CONTACTS, contactIds);
    List<Long> dealIds = new ArrayList<>();
    for (int i = 0; i < deals; i++) {
      Map<String, String> p = new HashMap<>();
      p.put(
          "dealname",
          pick(r, WORDS)
              + " "
              + pick(r, new String[] {"renewal", "expansion", "pilot", "license", "onboarding"}));
      p.put("amount", Integer.toString(500 + r.nextInt(200) * 250));
      p.put("pipeline", "default");
      p.put(
          "dealstage",
          PropertyCatalog.DEAL_STAGES.get(r.nextInt(PropertyCatalog.DEAL_STAGES.size())).value());
      p.put("closedate", Json.iso(now + (r.nextInt(180) - 60) * 24L * 3600 * 1000));
      long[] t = times(r, now);
      long id = store.seed(ObjectKind.DEALS, p, t[0], t[1]).id;
      dealIds.add(id);
      if (!companyIds.isEmpty()) {
        store.linkSeed(
            ObjectKind.DEALS,
            id,
            ObjectKind.COMPANIES,
            companyIds.get(r.nextInt(companyIds.size())));
      }
      if (!contactIds.isEmpty()) {
        store.linkSeed(
            ObjectKind.DEALS,
            id,
            ObjectKind.CONTACTS,
            contactIds.get(r.nextInt(contactIds.size())));
      }
    }
    ids.put(ObjectKind.DEALS, dealIds);
    return ids;
  }

  private static long[] times(Random r, long now) {
    long created = now - 1000 - (long) (r.nextDouble() * SPREAD_MS);
    long modified = created + (long) (r.nextDouble() * (now - 1000 - created));
    return new long[] {created, modified};
  }

  private static String pick(Random r, String[] a) {
    return a[r.nextInt(a.length)];
  }

  private static String phone(Random r) {
    return String.format(
        "+1 %03d %03d %04d", 200 + r.nextInt(800), r.nextInt(1000), r.nextInt(10000));
  }

  private static String ascii(String s) {
    return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
        .replaceAll("[^\\p{ASCII}]", "")
        .replaceAll("[^A-Za-z]", "")
        .toLowerCase(Locale.ROOT);
  }
}
