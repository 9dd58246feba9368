package dev.tandem.emulator.hubspot;

/**
 * One change as HubSpot's webhooks report it, before it is numbered and batched.
 *
 * @param subscriptionType e.g. {@code contact.propertyChange}
 * @param propertyName for property changes, else null
 * @param propertyValue for property changes, else null
 * @param toObjectId for association changes, else 0
 * @param associationType for association changes, e.g. {@code CONTACT_TO_COMPANY}
 */
record WebhookEvent(
    String subscriptionType,
    long objectId,
    long occurredAt,
    String propertyName,
    String propertyValue,
    long toObjectId,
    String associationType,
    boolean associationRemoved,
    boolean primary) {

  static WebhookEvent of(String type, long objectId, long at) {
    return new WebhookEvent(type, objectId, at, null, null, 0, null, false, false);
  }

  static WebhookEvent property(String type, long objectId, long at, String name, String value) {
    return new WebhookEvent(type, objectId, at, name, value, 0, null, false, false);
  }
}
