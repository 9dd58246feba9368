package dev.tandem.engine.store;

import java.util.Locale;

/** A record's sync state, as the health view shows it. */
public enum HealthState {
  SYNCED,
  EXCLUDED,
  DUPLICATE,
  FAILING,
  PENDING;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
