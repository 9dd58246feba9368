package dev.tandem.connector.vcard;

import com.github.mangstadt.vinnie.io.VObjectPropertyValues;
import ezvcard.VCardDataType;
import ezvcard.io.ParseContext;
import ezvcard.io.scribe.TelephoneScribe;
import ezvcard.parameter.VCardParameters;
import ezvcard.property.Telephone;

/**
 * Reads {@code TEL} as ez-vcard does, without its costly detour for plain numbers.
 *
 * <p>ez-vcard first parses every number as a {@code tel:} URI and, for a plain number such as
 * {@code +1 555 0100} (the usual form in vCard 3.0), catches the exception that throws, whose
 * message it formats first: most of the time spent parsing a typical card. A value that does not
 * start with {@code tel:} can never be such a URI, so it becomes a text number at once, with the
 * same warning ez-vcard adds when the card declared the value a URI.
 */
final class TextTelephoneScribe extends TelephoneScribe {
  /** ez-vcard's message code for "not a tel: URI", as its own scribe reports it. */
  private static final int NOT_A_TEL_URI = 18;

  @Override
  protected Telephone _parseText(
      String value, VCardDataType dataType, VCardParameters parameters, ParseContext context) {
    String text = VObjectPropertyValues.unescape(value);
    if (text.regionMatches(true, 0, "tel:", 0, 4)) {
      return super._parseText(value, dataType, parameters, context);
    }
    if (dataType == VCardDataType.URI) {
      context.addWarning(NOT_A_TEL_URI);
    }
    return new Telephone(text);
  }
}
