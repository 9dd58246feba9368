package dev.tandem.server.auth;

/**
 * A person who logs in to the dashboard or calls the API.
 *
 * @param name the login name, unique across the server
 * @param workspace the workspace whose accounts and connections the user sees
 * @param admin whether the user may create users and workspaces
 */
public record User(String name, String workspace, boolean admin) {}
