package dev.tandem.core.spi;

import java.util.Objects;

/**
 * A record the connector found but could not read (a malformed vCard, say). It is reported, never
 * silently skipped: the engine shows it as failing with the reason and syncs the rest.
 *
 * @param id the record's native id
 * @param reason what is wrong with it, in words a user can act on
 */
public record ReadProblem(String id, String reason) {
  public ReadProblem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
  }
}
