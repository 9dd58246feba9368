package dev.tandem.connector.vcard;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.FieldDef.FieldType;
import dev.tandem.core.spi.Schema;
import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.parameter.AddressType;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Address;
import ezvcard.property.Birthday;
import ezvcard.property.Categories;
import ezvcard.property.Email;
import ezvcard.property.FormattedName;
import ezvcard.property.Note;
import ezvcard.property.Organization;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Title;
import ezvcard.property.Uid;
import ezvcard.property.Url;
import ezvcard.util.PartialDate;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps vCard properties to canonical contact fields and back. Native field names are the canonical
 * names, so a vCard app needs no field mapping.
 *
 * <p>Fidelity: {@link #apply} changes only the properties behind the fields it is given and leaves
 * every other property of the card as it was (photos, X- properties, groups, the other emails and
 * phones, the UID and the version), so a card written back by Tandem loses nothing.
 */
public final class CardMapping {
  public static final String FULL_NAME = "fullName";
  public static final String FIRST_NAME = "firstName";
  public static final String LAST_NAME = "lastName";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";
  public static final String MOBILE_PHONE = "mobilePhone";
  public static final String COMPANY = "company";
  public static final String JOB_TITLE = "jobTitle";
  public static final String WEBSITE = "website";
  public static final String STREET = "street";
  public static final String CITY = "city";
  public static final String POSTAL_CODE = "postalCode";
  public static final String REGION = "region";
  public static final String COUNTRY = "country";
  public static final String BIRTHDAY = "birthday";
  public static final String NOTES = "notes";
  public static final String TAGS = "tags";

  private static final List<FieldDef> FIELDS =
      List.of(
          def(FULL_NAME, FieldType.STRING),
          def(FIRST_NAME, FieldType.STRING),
          def(LAST_NAME, FieldType.STRING),
          def(EMAIL, FieldType.EMAIL),
          def(PHONE, FieldType.PHONE),
          def(MOBILE_PHONE, FieldType.PHONE),
          def(COMPANY, FieldType.STRING),
          def(JOB_TITLE, FieldType.STRING),
          def(WEBSITE, FieldType.STRING),
          def(STREET, FieldType.STRING),
          def(CITY, FieldType.STRING),
          def(POSTAL_CODE, FieldType.STRING),
          def(REGION, FieldType.STRING),
          def(COUNTRY, FieldType.STRING),
          def(BIRTHDAY, FieldType.DATE),
          def(NOTES, FieldType.STRING),
          def(TAGS, FieldType.MULTI));

  private static final java.util.Set<String> NAMES =
      FIELDS.stream().map(FieldDef::name).collect(Collectors.toUnmodifiableSet());

  private CardMapping() {}

  private static FieldDef def(String name, FieldType type) {
    return new FieldDef(name, name, type, List.of(), false);
  }

  /** The contact schema of every vCard app. */
  public static Schema schema(ObjectType type) {
    return new Schema(type, type == ObjectType.CONTACT ? FIELDS : List.of());
  }

  // ------------------------------------------------------------------ read

  /** The canonical fields of a card; absent properties are left out. */
  public static Map<String, String> fields(VCard card) {
    Map<String, String> out = new LinkedHashMap<>();
    if (card.getFormattedName() != null) {
      out.put(FULL_NAME, card.getFormattedName().getValue());
    }
    StructuredName n = card.getStructuredName();
    if (n != null) {
      out.put(FIRST_NAME, n.getGiven());
      out.put(LAST_NAME, n.getFamily());
    }
    Email email = primaryEmail(card);
    if (email != null) {
      out.put(EMAIL, email.getValue());
    }
    Telephone phone = workPhone(card);
    if (phone != null) {
      out.put(PHONE, number(phone));
    }
    Telephone mobile = mobilePhone(card);
    if (mobile != null) {
      out.put(MOBILE_PHONE, number(mobile));
    }
    Organization org = card.getOrganization();
    if (org != null && !org.getValues().isEmpty()) {
      out.put(COMPANY, org.getValues().get(0));
    }
    first(card.getTitles()).ifPresent(t -> out.put(JOB_TITLE, t.getValue()));
    first(card.getUrls()).ifPresent(u -> out.put(WEBSITE, u.getValue()));
    first(card.getNotes()).ifPresent(u -> out.put(NOTES, u.getValue()));
    Address adr = primaryAddress(card);
    if (adr != null) {
      out.put(STREET, adr.getStreetAddress());
      out.put(CITY, adr.getLocality());
      out.put(POSTAL_CODE, adr.getPostalCode());
      out.put(REGION, adr.getRegion());
      out.put(COUNTRY, adr.getCountry());
    }
    String birthday = birthday(card.getBirthday());
    if (birthday != null) {
      out.put(BIRTHDAY, birthday);
    }
    String tags = tags(card);
    if (!tags.isEmpty()) {
      out.put(TAGS, tags);
    }
    out.values().removeIf(v -> v == null || v.isBlank());
    return out;
  }

  /**
   * Whether a card made by {@link #newCard} from these fields reads back, once written and parsed,
   * with exactly the fields {@link #fields} gives for the card as made, so that a connector that
   * just wrote it may keep those instead of parsing its own output. Conservative: true only for
   * known fields with plain text (no control characters, line or paragraph separators, byte order
   * marks or unpaired surrogates), phone numbers that are not {@code tel:} URIs and ISO dates of
   * four-digit years; anything else is worth the parse.
   */
  public static boolean readsBackAsMade(Map<String, String> fields) {
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String value = e.getValue();
      if (!NAMES.contains(e.getKey())) {
        return false;
      }
      if (value == null) {
        continue;
      }
      if (BIRTHDAY.equals(e.getKey())
          && !value.isBlank()
          && !value.strip().matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
        return false;
      }
      if ((PHONE.equals(e.getKey()) || MOBILE_PHONE.equals(e.getKey()))
          && value.strip().regionMatches(true, 0, "tel:", 0, 4)) {
        // read back as a tel: URI, whose number is all that is left of it
        return false;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c >= 0x20 && c < 0x7f) {
          continue; // printable ASCII, the usual case
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
          return false;
        }
        if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return false;
        }
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ write

  /** A new card of the given version holding the fields, with the UID given. */
  public static VCard newCard(Map<String, String> fields, String uid, VCardVersion version) {
    VCard card = new VCard(version);
    card.setUid(new Uid(uid));
    apply(card, fields);
    if (card.getStructuredName() == null) {
      // vCard 3.0 requires N; an empty one says "no structured name" without inventing one.
      card.setStructuredName(new StructuredName());
    }
    return card;
  }

  /**
   * Sets the given fields on the card (a blank value clears the field), touching no other property.
   * FN is kept present: when it is cleared, or when it was derived from the name and the name
   * changes, it is derived again from N, the email or the company.
   *
   * @return whether the card changed (when not, a connector need not write it)
   * @throws IllegalArgumentException for an unknown field or a value the card cannot hold (a
   *     birthday that is not an ISO date)
   */
  public static boolean apply(VCard card, Map<String, String> changes) {
    for (String key : changes.keySet()) {
      if (!NAMES.contains(key)) {
        throw new IllegalArgumentException(
            "unknown vCard field '" + key + "'; known: " + String.join(", ", new TreeSet<>(NAMES)));
      }
    }
    Map<String, String> before = fields(card);
    String derivedBefore = deriveFullName(before);
    Map<String, String> todo = new LinkedHashMap<>();
    changes.forEach(
        (k, v) -> {
          String value = v == null ? "" : v.strip();
          if (!value.equals(before.getOrDefault(k, ""))) {
            todo.put(k, value);
          }
        });
    if (todo.isEmpty() && card.getFormattedName() != null) {
      return false;
    }
    if (todo.containsKey(FIRST_NAME) || todo.containsKey(LAST_NAME)) {
      StructuredName n = card.getStructuredName();
      if (n == null) {
        n = new StructuredName();
        card.setStructuredName(n);
      }
      if (todo.containsKey(FIRST_NAME)) {
        n.setGiven(blankToNull(todo.get(FIRST_NAME)));
      }
      if (todo.containsKey(LAST_NAME)) {
        n.setFamily(blankToNull(todo.get(LAST_NAME)));
      }
    }
    if (todo.containsKey(EMAIL)) {
      setEmail(card, todo.get(EMAIL));
    }
    if (todo.containsKey(PHONE)) {
      setPhone(card, workPhone(card), todo.get(PHONE), TelephoneType.WORK, TelephoneType.VOICE);
    }
    if (todo.containsKey(MOBILE_PHONE)) {
      setPhone(card, mobilePhone(card), todo.get(MOBILE_PHONE), TelephoneType.CELL);
    }
    if (todo.containsKey(COMPANY)) {
      setCompany(card, todo.get(COMPANY));
    }
    if (todo.containsKey(JOB_TITLE)) {
      setFirst(card, card.getTitles(), todo.get(JOB_TITLE), Title::new, Title::setValue);
    }
    if (todo.containsKey(WEBSITE)) {
      setFirst(card, card.getUrls(), todo.get(WEBSITE), Url::new, Url::setValue);
    }
    if (todo.containsKey(NOTES)) {
      setFirst(card, card.getNotes(), todo.get(NOTES), Note::new, Note::setValue);
    }
    if (todo.containsKey(STREET)
        || todo.containsKey(CITY)
        || todo.containsKey(POSTAL_CODE)
        || todo.containsKey(REGION)
        || todo.containsKey(COUNTRY)) {
      setAddress(card, todo);
    }
    if (todo.containsKey(BIRTHDAY)) {
      setBirthday(card, todo.get(BIRTHDAY));
    }
    if (todo.containsKey(TAGS)) {
      setTags(card, todo.get(TAGS));
    }
    Map<String, String> after = fields(card);
    String fn = card.getFormattedName() == null ? null : card.getFormattedName().getValue();
    boolean fnGiven = todo.containsKey(FULL_NAME) && !todo.get(FULL_NAME).isEmpty();
    if (fnGiven) {
      card.setFormattedName(todo.get(FULL_NAME));
    } else if (fn == null
        || fn.isBlank()
        || todo.containsKey(FULL_NAME)
        || fn.equals(derivedBefore)) {
      if (card.getFormattedName() == null) {
        card.setFormattedName(new FormattedName(deriveFullName(after)));
      } else {
        card.getFormattedName().setValue(deriveFullName(after));
      }
    }
    return true;
  }

  /** When the card says it was last changed ({@code REV}), or null. */
  public static java.time.Instant revision(VCard card) {
    ezvcard.property.Revision rev = card.getRevision();
    if (rev == null || rev.getValue() == null) {
      return null;
    }
    try {
      return java.time.Instant.from(rev.getValue());
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /**
   * Marks a card Tandem changed as changed now, where it keeps a {@code REV} (a card without one is
   * not given one, so that only the mapped properties change).
   */
  public static void touch(VCard card, java.time.Instant now) {
    if (card.getRevision() != null) {
      ezvcard.property.Revision rev = new ezvcard.property.Revision(now);
      rev.setGroup(card.getRevision().getGroup());
      card.setRevision(rev);
    }
  }

  /** The card as text in its own version, with every property kept. */
  public static String write(VCard card) {
    VCardVersion version = card.getVersion() == null ? VCardVersion.V3_0 : card.getVersion();
    // Trailing semicolons are always written: ez-vcard's trimming of them for 3.0 cuts an escaped
    // "\\;" at the end of a name or address part in half.
    return Ezvcard.write(card)
        .version(version)
        .prodId(false)
        .versionStrict(false)
        .includeTrailingSemicolons(true)
        .go();
  }

  /** FN derived from the name, else the email, else the company. */
  static String deriveFullName(Map<String, String> f) {
    String name = (f.getOrDefault(FIRST_NAME, "") + " " + f.getOrDefault(LAST_NAME, "")).strip();
    if (!name.isEmpty()) {
      return name;
    }
    for (String k : List.of(EMAIL, COMPANY, MOBILE_PHONE, PHONE)) {
      if (f.get(k) != null && !f.get(k).isBlank()) {
        return f.get(k);
      }
    }
    return "Unnamed contact";
  }

  // ------------------------------------------------------------------ property choice

  /** The preferred email (lowest PREF, else TYPE=pref), else the first. */
  static Email primaryEmail(VCard card) {
    List<Email> emails = card.getEmails();
    return emails.stream()
        .filter(e -> e.getPref() != null)
        .min(Comparator.comparing(Email::getPref))
        .or(() -> emails.stream().filter(e -> e.getTypes().contains(EmailType.PREF)).findFirst())
        .orElse(emails.isEmpty() ? null : emails.get(0));
  }

  /** The work (else untyped or voice, else home) phone that is not a mobile, fax or pager. */
  static Telephone workPhone(VCard card) {
    List<Telephone> landlines =
        card.getTelephoneNumbers().stream()
            .filter(
                t ->
                    !t.getTypes().contains(TelephoneType.CELL)
                        && !t.getTypes().contains(TelephoneType.FAX)
                        && !t.getTypes().contains(TelephoneType.PAGER))
            .toList();
    return landlines.stream()
        .filter(t -> t.getTypes().contains(TelephoneType.WORK))
        .findFirst()
        .or(
            () ->
                landlines.stream()
                    .filter(t -> !t.getTypes().contains(TelephoneType.HOME))
                    .findFirst())
        .orElse(landlines.isEmpty() ? null : landlines.get(0));
  }

  static Telephone mobilePhone(VCard card) {
    return card.getTelephoneNumbers().stream()
        .filter(t -> t.getTypes().contains(TelephoneType.CELL))
        .findFirst()
        .orElse(null);
  }

  static Address primaryAddress(VCard card) {
    List<Address> all = card.getAddresses();
    return all.stream()
        .filter(a -> a.getPref() != null)
        .min(Comparator.comparing(Address::getPref))
        .or(() -> all.stream().filter(a -> a.getTypes().contains(AddressType.PREF)).findFirst())
        .orElse(all.isEmpty() ? null : all.get(0));
  }

  private static String number(Telephone t) {
    if (t.getText() != null) {
      return t.getText();
    }
    return t.getUri() == null ? null : t.getUri().getNumber();
  }

  private static <T> java.util.Optional<T> first(List<T> list) {
    return list.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(list.get(0));
  }

  private static String birthday(Birthday b) {
    if (b == null) {
      return null;
    }
    Temporal date = b.getDate();
    if (date instanceof LocalDate d) {
      return d.toString();
    }
    if (date instanceof LocalDateTime d) {
      return d.toLocalDate().toString();
    }
    if (date instanceof OffsetDateTime d) {
      return d.toLocalDate().toString();
    }
    if (date instanceof ZonedDateTime d) {
      return d.toLocalDate().toString();
    }
    if (b.getPartialDate() != null) {
      return b.getPartialDate().toISO8601(true);
    }
    return b.getText();
  }

  private static String tags(VCard card) {
    TreeSet<String> all = new TreeSet<>();
    for (Categories c : card.getCategoriesList()) {
      for (String v : c.getValues()) {
        if (v != null && !v.isBlank()) {
          all.add(v.strip());
        }
      }
    }
    return String.join(";", all);
  }

  // ------------------------------------------------------------------ setters

  private static void setEmail(VCard card, String value) {
    Email email = primaryEmail(card);
    if (value.isEmpty()) {
      if (email != null) {
        card.removeProperty(email);
      }
    } else if (email != null) {
      email.setValue(value);
    } else {
      card.addEmail(value);
    }
  }

  private static void setPhone(
      VCard card, Telephone existing, String value, TelephoneType... types) {
    if (value.isEmpty()) {
      if (existing != null) {
        card.removeProperty(existing);
      }
    } else if (existing != null) {
      existing.setText(value);
    } else {
      card.addTelephoneNumber(value, types);
    }
  }

  private static void setCompany(VCard card, String value) {
    Organization org = card.getOrganization();
    if (org == null || org.getValues().isEmpty()) {
      if (!value.isEmpty()) {
        card.setOrganization(value);
      }
      return;
    }
    if (value.isEmpty() && org.getValues().size() <= 1) {
      card.removeProperty(org);
    } else {
      org.getValues().set(0, value);
    }
  }

  private static <P extends ezvcard.property.VCardProperty> void setFirst(
      VCard card,
      List<P> existing,
      String value,
      Function<String, P> create,
      java.util.function.BiConsumer<P, String> set) {
    if (existing.isEmpty()) {
      if (!value.isEmpty()) {
        card.addProperty(create.apply(value));
      }
    } else if (value.isEmpty()) {
      card.removeProperty(existing.get(0));
    } else {
      set.accept(existing.get(0), value);
    }
  }

  private static void setAddress(VCard card, Map<String, String> todo) {
    Address adr = primaryAddress(card);
    boolean created = false;
    if (adr == null) {
      adr = new Address();
      adr.getTypes().add(AddressType.WORK);
      created = true;
    }
    if (todo.containsKey(STREET)) {
      adr.setStreetAddress(blankToNull(todo.get(STREET)));
    }
    if (todo.containsKey(CITY)) {
      adr.setLocality(blankToNull(todo.get(CITY)));
    }
    if (todo.containsKey(POSTAL_CODE)) {
      adr.setPostalCode(blankToNull(todo.get(POSTAL_CODE)));
    }
    if (todo.containsKey(REGION)) {
      adr.setRegion(blankToNull(todo.get(REGION)));
    }
    if (todo.containsKey(COUNTRY)) {
      adr.setCountry(blankToNull(todo.get(COUNTRY)));
    }
    boolean empty =
        Arrays.asList(
                adr.getStreetAddress(),
                adr.getLocality(),
                adr.getPostalCode(),
                adr.getRegion(),
                adr.getCountry(),
                adr.getPoBox(),
                adr.getExtendedAddress())
            .stream()
            .allMatch(v -> v == null || v.isBlank());
    if (empty && !created) {
      card.removeProperty(adr);
    } else if (!empty && created) {
      card.addAddress(adr);
    }
  }

  private static void setBirthday(VCard card, String value) {
    if (value.isEmpty()) {
      card.setBirthday((Birthday) null);
      return;
    }
    Birthday b;
    try {
      b = new Birthday(LocalDate.parse(value));
    } catch (DateTimeParseException e) {
      if (value.matches("--\\d\\d-?\\d\\d") && card.getVersion() == VCardVersion.V4_0) {
        b = new Birthday(PartialDate.parse(value));
      } else {
        throw new IllegalArgumentException(
            "birthday '" + value + "' is not an ISO date (yyyy-mm-dd)");
      }
    }
    Birthday old = card.getBirthday();
    if (old != null) {
      b.setGroup(old.getGroup());
    }
    card.setBirthday(b);
  }

  private static void setTags(VCard card, String value) {
    List<String> values = new ArrayList<>();
    for (String v : value.split(";")) {
      if (!v.isBlank() && !values.contains(v.strip())) {
        values.add(v.strip());
      }
    }
    List<Categories> old = new ArrayList<>(card.getCategoriesList());
    String group = old.isEmpty() ? null : old.get(0).getGroup();
    old.forEach(card::removeProperty);
    if (!values.isEmpty()) {
      Categories c = new Categories();
      c.getValues().addAll(values);
      c.setGroup(group);
      card.addCategories(c);
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  static boolean same(String a, String b) {
    return Objects.equals(blankToNull(a), blankToNull(b));
  }
}
