/**
 * The web dashboard: server-rendered pages (jte templates in {@code src/main/jte}, compiled at
 * build time) with htmx for live refresh and in-place actions. {@link
 * dev.tandem.server.web.Dashboard} installs the routes; each page has one view-model record;
 * editors ({@link dev.tandem.server.web.MappingEditor}, {@link dev.tandem.server.web.RuleEditor})
 * turn forms back into connection definitions that the catalog stores.
 */
package dev.tandem.server.web;
