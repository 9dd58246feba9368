package dev.tandem.core.spi;

import dev.tandem.core.model.ObjectType;

/**
 * An app's word that a record changed, from a webhook. It carries no field values: the engine reads
 * the record (webhooks may arrive late, twice or out of order, so only the app's current state
 * counts).
 *
 * @param type the object type
 * @param id the record's native id
 * @param deleted whether the app says the record was deleted
 * @param occurredAt when it happened, epoch milliseconds (0 when the app does not say)
 */
public record ChangeNotice(ObjectType type, String id, boolean deleted, long occurredAt) {}
