package dev.tandem.emulator.hubspot;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The CRM object types the emulator serves, with HubSpot's names and ids for each. */
enum ObjectKind {
  CONTACTS(
      "contacts",
      "contact",
      "0-1",
      "lastmodifieddate",
      List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname")),
  COMPANIES(
      "companies",
      "company",
      "0-2",
      "hs_lastmodifieddate",
      List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name")),
  DEALS(
      "deals",
      "deal",
      "0-3",
      "hs_lastmodifieddate",
      List.of(
          "amount",
          "closedate",
          "createdate",
          "dealname",
          "dealstage",
          "hs_lastmodifieddate",
          "hs_object_id",
          "pipeline"));

  final String plural;
  final String singular;
  final String typeId;
  final String modifiedProperty;

  /** What the API returns when a request names no properties. */
  final List<String> defaultProperties;

  ObjectKind(
      String plural,
      String singular,
      String typeId,
      String modifiedProperty,
      List<String> defaultProperties) {
    this.plural = plural;
    this.singular = singular;
    this.typeId = typeId;
    this.modifiedProperty = modifiedProperty;
    this.defaultProperties = defaultProperties;
  }

  /** Accepts the plural, the singular or the type id, as HubSpot does in paths. */
  static Optional<ObjectKind> parse(String s) {
    return Arrays.stream(values())
        .filter(k -> k.plural.equals(s) || k.singular.equals(s) || k.typeId.equals(s))
        .findFirst();
  }

  /** The property that is always returned, whatever the request asks. */
  List<String> alwaysReturned() {
    return List.of("createdate", modifiedProperty, "hs_object_id");
  }

  String upper() {
    return singular.toUpperCase(java.util.Locale.ROOT);
  }
}
