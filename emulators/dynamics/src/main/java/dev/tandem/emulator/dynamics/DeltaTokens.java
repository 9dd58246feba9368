package dev.tandem.emulator.dynamics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks change-tracking delta tokens. A token has the shape Dataverse gives it, {@code
 * <row version>!<MM/dd/yyyy HH:mm:ss>}, and stays valid for the org's change-tracking retention
 * ({@code ExpireChangeTrackingInDays}, 7 days by default). A token the emulator never issued (for
 * example one from before a restart) is treated as expired, so clients fall back to a full sync.
 */
final class DeltaTokens {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private volatile Duration lifetime;
  private final Map<String, Instant> issued = new ConcurrentHashMap<>();

  DeltaTokens(Clock clock, Duration lifetime) {
    this.clock = clock;
    this.lifetime = lifetime;
  }

  String issue(long version) {
    Instant now = clock.instant();
    String token = version + "!" + STAMP.format(now);
    issued.put(token, now);
    return token;
  }

  /** The row version a token stands for; a 400 error when it is malformed, unknown or expired. */
  long check(String token) {
    int bang = token.indexOf('!');
    long version;
    try {
      version = Long.parseLong(bang < 0 ? token : token.substring(0, bang));
    } catch (NumberFormatException e) {
      throw new DataverseError(
          400, DataverseError.BAD_QUERY, "The $deltatoken '" + token + "' is not valid.");
    }
    Instant at = issued.get(token);
    if (at == null || at.plus(lifetime).isBefore(clock.instant())) {
      issued.remove(token);
      throw new DataverseError(
          400,
          DataverseError.EXPIRED_VERSION_STAMP,
          "Version stamp associated with the client has expired. Please perform a full sync.");
    }
    return version;
  }

  /** Test hook: every token issued so far stops working. */
  void expireAll() {
    issued.clear();
  }

  void lifetime(Duration d) {
    this.lifetime = d;
  }
}
