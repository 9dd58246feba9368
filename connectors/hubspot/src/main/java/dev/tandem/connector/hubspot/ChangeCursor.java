package dev.tandem.connector.hubspot;

import dev.tandem.core.spi.CursorExpiredException;

/**
 * Where {@code changes()} resumes. Between runs it is a plain epoch-millisecond timestamp (records
 * modified at or after it are read). Within a run it also records the phase: searching modified
 * records from {@code window} at offset {@code after}, or listing archived records from {@code
 * listAfter}; {@code maxSeen} is the latest modification seen so far.
 */
record ChangeCursor(
    char phase, long since, long window, int after, String listAfter, long maxSeen) {

  static ChangeCursor start(long since) {
    return new ChangeCursor('s', since, since, 0, "", since);
  }

  static ChangeCursor parse(String s) {
    try {
      if (s.matches("-?\\d+")) {
        return start(Long.parseLong(s));
      }
      String[] p = s.split(":", -1);
      if (p[0].equals("s") && p.length == 5) {
        return new ChangeCursor(
            's',
            Long.parseLong(p[1]),
            Long.parseLong(p[2]),
            Integer.parseInt(p[3]),
            "",
            Long.parseLong(p[4]));
      }
      if (p[0].equals("d") && p.length == 4) {
        return new ChangeCursor('d', Long.parseLong(p[1]), 0, 0, p[2], Long.parseLong(p[3]));
      }
    } catch (NumberFormatException e) {
      // fall through to the exception below
    }
    throw new CursorExpiredException(
        "HubSpot change cursor '" + s + "' is not one Tandem wrote; rescanning");
  }

  @Override
  public String toString() {
    return phase == 's'
        ? "s:" + since + ":" + window + ":" + after + ":" + maxSeen
        : "d:" + since + ":" + listAfter + ":" + maxSeen;
  }
}
