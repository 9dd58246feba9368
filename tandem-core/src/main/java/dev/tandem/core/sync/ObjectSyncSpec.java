package dev.tandem.core.sync;

import dev.tandem.core.mapping.FieldMappingSpec;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.rules.Rule;
import java.util.List;

/**
 * How one object type of a connection syncs, as configured.
 *
 * @param type the object type
 * @param match canonical match fields in order of preference
 * @param conflict the conflict policy
 * @param deletes what a deletion does on the other side
 * @param deleteGuard the mass-delete guard: the most deletions one run may propagate
 * @param fields mappings written by the user (defaults cover the rest)
 * @param rules scope rules (none: everything syncs both ways)
 */
public record ObjectSyncSpec(
    ObjectType type,
    List<String> match,
    ConflictPolicy conflict,
    DeletePolicy deletes,
    DeleteGuard deleteGuard,
    List<FieldMappingSpec> fields,
    List<Rule> rules) {

  public ObjectSyncSpec {
    match = List.copyOf(match);
    fields = List.copyOf(fields);
    rules = List.copyOf(rules);
  }

  /**
   * The default match fields of a type: contacts by email, companies by domain then name, deals by
   * name.
   */
  public static List<String> defaultMatch(ObjectType type) {
    return switch (type) {
      case CONTACT -> List.of("email");
      case COMPANY -> List.of("domain", "name");
      case DEAL -> List.of("name");
    };
  }

  public static ObjectSyncSpec defaults(ObjectType type) {
    return new ObjectSyncSpec(
        type,
        defaultMatch(type),
        ConflictPolicy.NEWEST,
        DeletePolicy.IGNORE,
        DeleteGuard.DEFAULT,
        List.of(),
        List.of());
  }
}
