package dev.tandem.server.catalog;

import dev.tandem.engine.config.TandemConfig;
import java.util.Map;

/**
 * A connection as stored.
 *
 * @param id its id for the engine and the store: the name in workspace {@code default}, {@code
 *     workspace:name} elsewhere
 * @param workspace the workspace it belongs to
 * @param name its name, unique in the workspace
 * @param definition the definition in the shape of a YAML {@code connections:} entry
 * @param parsed the checked definition, or null when it no longer checks (an account it names was
 *     deleted or changed type); {@code problem} says why
 * @param problem why the definition does not check, or null
 */
public record ConnectionView(
    String id,
    String workspace,
    String name,
    Map<String, Object> definition,
    TandemConfig.Connection parsed,
    String problem) {}
