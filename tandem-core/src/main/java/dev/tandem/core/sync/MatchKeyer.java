package dev.tandem.core.sync;

import dev.tandem.core.match.MatchKeys;
import dev.tandem.core.model.Record;
import dev.tandem.core.model.Side;
import dev.tandem.core.schema.CanonicalFields;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Computes the normalised match key of a record: the first of the configured match fields that the
 * record has (companies: domain, then name). Two records on the two sides with one key are the same
 * object; two on one side are duplicates.
 */
public final class MatchKeyer {
  private final List<String> canonicals;
  private final List<String> fieldsA;
  private final List<String> fieldsB;

  /**
   * @param match canonical field names, in order of preference ({@code email}; {@code domain,
   *     name})
   * @throws ConfigException when neither app has a field for a match field
   */
  public MatchKeyer(List<String> match, Schema a, Schema b) {
    this.canonicals = List.copyOf(match);
    this.fieldsA = new ArrayList<>();
    this.fieldsB = new ArrayList<>();
    for (String c : canonicals) {
      fieldsA.add(nativeField(a, c).orElse(null));
      fieldsB.add(nativeField(b, c).orElse(null));
      if (fieldsA.get(fieldsA.size() - 1) == null || fieldsB.get(fieldsB.size() - 1) == null) {
        String missing = fieldsA.get(fieldsA.size() - 1) == null ? "a" : "b";
        throw new ConfigException(
            "match field '"
                + c
                + "': "
                + missing
                + " has no such field for "
                + a.type().id()
                + "s");
      }
    }
  }

  /** A domain can come from a website when the app has no domain field. */
  private static Optional<String> nativeField(Schema s, String canonical) {
    Optional<String> f = s.byCanonical(canonical).map(FieldDef::name);
    if (f.isEmpty() && canonical.equals(CanonicalFields.DOMAIN)) {
      f = s.byCanonical("website").map(FieldDef::name);
    }
    if (f.isEmpty()) {
      f = s.field(canonical).map(FieldDef::name);
    }
    return f;
  }

  /** The record's key, or null when it has none of the match fields. */
  public String key(Side side, Record record) {
    List<String> fields = side == Side.A ? fieldsA : fieldsB;
    for (int i = 0; i < canonicals.size(); i++) {
      String k = normalize(canonicals.get(i), record.get(fields.get(i)));
      if (k != null) {
        return canonicals.size() == 1 ? k : canonicals.get(i) + ":" + k;
      }
    }
    return null;
  }

  /**
   * The native field the key of a record on {@code side} is read from first, for finding records.
   */
  public String primaryField(Side side) {
    return (side == Side.A ? fieldsA : fieldsB).get(0);
  }

  /**
   * The value to look a key up with in {@link #primaryField}, or null when the key came from
   * another field.
   */
  public String lookupValue(String key) {
    if (canonicals.size() == 1) {
      return key;
    }
    String prefix = canonicals.get(0) + ":";
    return key.startsWith(prefix) ? key.substring(prefix.length()) : null;
  }

  /** Names the match fields, for messages: "email", "domain or name". */
  public String describe() {
    return String.join(" or ", canonicals);
  }

  private static String normalize(String canonical, String value) {
    if (value == null) {
      return null;
    }
    return switch (canonical) {
      case CanonicalFields.EMAIL -> MatchKeys.email(value);
      case CanonicalFields.DOMAIN, "website" -> MatchKeys.domain(value);
      case CanonicalFields.NAME, "company" -> MatchKeys.companyName(value);
      default -> {
        String t = value.strip().toLowerCase(Locale.ROOT);
        yield t.isEmpty() ? null : t;
      }
    };
  }
}
