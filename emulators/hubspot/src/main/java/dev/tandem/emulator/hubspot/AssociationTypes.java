package dev.tandem.emulator.hubspot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HubSpot-defined association type ids between contacts, companies and deals. */
final class AssociationTypes {
  private AssociationTypes() {}

  /** The default (unlabeled) type id from one object type to another. */
  static int defaultType(ObjectKind from, ObjectKind to) {
    return switch (from) {
      case CONTACTS -> to == ObjectKind.COMPANIES ? 279 : to == ObjectKind.DEALS ? 4 : -1;
      case COMPANIES -> to == ObjectKind.CONTACTS ? 280 : to == ObjectKind.DEALS ? 342 : -1;
      case DEALS -> to == ObjectKind.CONTACTS ? 3 : to == ObjectKind.COMPANIES ? 341 : -1;
    };
  }

  /** The primary type id, where HubSpot has one (contact→company 1, company→contact 2). */
  static int primaryType(ObjectKind from, ObjectKind to) {
    if (from == ObjectKind.CONTACTS && to == ObjectKind.COMPANIES) {
      return 1;
    }
    if (from == ObjectKind.COMPANIES && to == ObjectKind.CONTACTS) {
      return 2;
    }
    if (from == ObjectKind.DEALS && to == ObjectKind.COMPANIES) {
      return 5;
    }
    if (from == ObjectKind.COMPANIES && to == ObjectKind.DEALS) {
      return 6;
    }
    return -1;
  }

  /** The object type a type id from {@code from} points to, or null when there is none. */
  static ObjectKind target(ObjectKind from, int typeId) {
    for (ObjectKind to : ObjectKind.values()) {
      if (to != from && (defaultType(from, to) == typeId || primaryType(from, to) == typeId)) {
        return to;
      }
    }
    return null;
  }

  /** The v4 {@code associationTypes} list of one association. */
  static List<Map<String, Object>> v4Types(ObjectKind from, ObjectKind to, boolean primary) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (primary) {
      out.add(type(primaryType(from, to), "Primary"));
    }
    out.add(type(defaultType(from, to), null));
    return out;
  }

  private static Map<String, Object> type(int id, String label) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("category", "HUBSPOT_DEFINED");
    m.put("typeId", id);
    m.put("label", label);
    return m;
  }

  /** The v3 association type name, e.g. {@code contact_to_company}. */
  static String v3Name(ObjectKind from, ObjectKind to, boolean primary) {
    return from.singular + "_to_" + to.singular + (primary ? "" : "_unlabeled");
  }
}
