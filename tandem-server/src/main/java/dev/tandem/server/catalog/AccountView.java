package dev.tandem.server.catalog;

import java.util.Map;
import java.util.Set;

/**
 * An account as the API and dashboard show it: never with its credentials.
 *
 * @param workspace the workspace it belongs to
 * @param name its name, unique in the workspace
 * @param type the app type
 * @param settings every setting; credentials appear as {@link Catalog#MASK} when set
 * @param credentials the names of the credentials that are set
 */
public record AccountView(
    String workspace,
    String name,
    String type,
    Map<String, Object> settings,
    Set<String> credentials) {}
