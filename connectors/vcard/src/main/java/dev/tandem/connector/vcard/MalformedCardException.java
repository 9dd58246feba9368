package dev.tandem.connector.vcard;

/** A vCard text that cannot be read; the message says why, in words a user can act on. */
public class MalformedCardException extends Exception {
  public MalformedCardException(String message) {
    super(message);
  }
}
