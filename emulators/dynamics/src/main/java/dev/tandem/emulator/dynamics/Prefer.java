package dev.tandem.emulator.dynamics;

import java.util.Locale;

/** The parsed {@code Prefer} header of a request: the OData preferences the emulator honours. */
final class Prefer {
  Integer maxPageSize;
  boolean trackChanges;
  boolean returnRepresentation;
  boolean continueOnError;
  String annotations;

  Prefer(String header) {
    if (header == null) {
      return;
    }
    for (String raw : header.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
      String p = raw.trim();
      String lower = p.toLowerCase(Locale.ROOT);
      if (lower.startsWith("odata.maxpagesize=")) {
        try {
          maxPageSize = Integer.parseInt(p.substring(p.indexOf('=') + 1).trim());
        } catch (NumberFormatException e) {
          maxPageSize = null;
        }
      } else if (lower.equals("odata.track-changes")) {
        trackChanges = true;
      } else if (lower.equals("return=representation")) {
        returnRepresentation = true;
      } else if (lower.equals("odata.continue-on-error")) {
        continueOnError = true;
      } else if (lower.startsWith("odata.include-annotations=")) {
        annotations = p.substring(p.indexOf('=') + 1).trim().replace("\"", "");
      }
    }
  }
}
