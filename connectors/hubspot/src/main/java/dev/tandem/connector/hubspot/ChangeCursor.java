package dev.tandem.connector.hubspot;

import dev.tandem.core.spi.CursorExpiredException;
import java.util.Arrays;
import java.util.List;

/**
 * Where {@code changes()} resumes. Between runs it is an epoch-millisecond timestamp (records
 * modified at or after it are read), optionally followed by {@code ~id,id,…}: records modified at
 * exactly that millisecond that the last run already read, so the next run's search leaves them out
 * instead of paying for them again. Within a run it also records the phase: searching modified
 * records from {@code window} at offset {@code after}, or listing archived records from {@code
 * listAfter}; {@code maxSeen} is the latest modification seen so far and {@code seen} the records
 * read at that millisecond (at most {@link #MAX_SEEN}; leaving out fewer than were read is safe).
 *
 * @param exclude ids modified at {@code since} that the previous run read; they are left out of the
 *     search while it still starts at {@code since}
 */
record ChangeCursor(
    char phase,
    long since,
    long window,
    int after,
    String listAfter,
    long maxSeen,
    List<String> exclude,
    List<String> seen) {

  /** HubSpot takes at most 100 values in one {@code NOT_IN} filter. */
  static final int MAX_SEEN = 100;

  static ChangeCursor start(long since, List<String> exclude) {
    return new ChangeCursor('s', since, since, 0, "", since, exclude, exclude);
  }

  static ChangeCursor parse(String s) {
    try {
      if (s.matches("-?\\d+")) {
        return start(Long.parseLong(s), List.of());
      }
      if (s.matches("-?\\d+~[0-9,]+")) {
        String[] p = s.split("~", 2);
        return start(Long.parseLong(p[0]), ids(p[1]));
      }
      String[] p = s.split(":", -1);
      if (p[0].equals("s") && (p.length == 5 || p.length == 7)) {
        return new ChangeCursor(
            's',
            Long.parseLong(p[1]),
            Long.parseLong(p[2]),
            Integer.parseInt(p[3]),
            "",
            Long.parseLong(p[4]),
            p.length == 7 ? ids(p[5]) : List.of(),
            p.length == 7 ? ids(p[6]) : List.of());
      }
      if (p[0].equals("d") && (p.length == 4 || p.length == 5)) {
        return new ChangeCursor(
            'd',
            Long.parseLong(p[1]),
            0,
            0,
            p[2],
            Long.parseLong(p[3]),
            List.of(),
            p.length == 5 ? ids(p[4]) : List.of());
      }
    } catch (NumberFormatException e) {
      // fall through to the exception below
    }
    throw new CursorExpiredException(
        "HubSpot change cursor '" + s + "' is not one Tandem wrote; rescanning");
  }

  private static List<String> ids(String joined) {
    return joined.isEmpty()
        ? List.of()
        : Arrays.stream(joined.split(",")).filter(id -> !id.isEmpty()).toList();
  }

  /** The cursor a finished run hands back: the latest modification and the ids read at it. */
  String between() {
    return seen.isEmpty() ? Long.toString(maxSeen) : maxSeen + "~" + String.join(",", seen);
  }

  @Override
  public String toString() {
    return phase == 's'
        ? "s:"
            + since
            + ":"
            + window
            + ":"
            + after
            + ":"
            + maxSeen
            + ":"
            + String.join(",", exclude)
            + ":"
            + String.join(",", seen)
        : "d:" + since + ":" + listAfter + ":" + maxSeen + ":" + String.join(",", seen);
  }
}
