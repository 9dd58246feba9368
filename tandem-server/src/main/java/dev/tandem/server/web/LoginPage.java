package dev.tandem.server.web;

/**
 * The login form.
 *
 * @param user the user name typed before a failed attempt (kept so it need not be typed again)
 * @param error why the last attempt failed, or null
 */
public record LoginPage(Chrome chrome, String user, String error) {}
