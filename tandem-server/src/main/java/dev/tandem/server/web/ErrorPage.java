package dev.tandem.server.web;

/** A page that could not be shown, and why. */
public record ErrorPage(Chrome chrome, int status, String message) {}
