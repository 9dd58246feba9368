/**
 * Tandem's HTTP side: the REST API under {@code /api}, the web dashboard, the webhook receivers at
 * {@code /webhooks/{connection}/{side}}, authentication and workspaces. It drives the engine only
 * through {@link dev.tandem.engine.service.SyncControl} and reads state from the store.
 */
package dev.tandem.server;
