package dev.tandem.engine.store;

import dev.tandem.core.model.ObjectType;

/** One object type of one connection: the unit the store keeps links, cursors and health for. */
public record SyncKey(String connection, ObjectType type) {
  @Override
  public String toString() {
    return connection + "/" + type.id();
  }
}
