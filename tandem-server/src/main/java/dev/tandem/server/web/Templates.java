package dev.tandem.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The dashboard's jte templates. They are compiled to classes at build time (jte-maven-plugin), so
 * rendering needs no Java compiler at run time and the shaded jar carries them like any other
 * class. HTML output escapes every {@code ${…}} by context (text, attribute, script).
 */
public final class Templates {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /**
   * Renders a template whose single {@code @param} is {@code model}.
   *
   * @param name the template's path under {@code src/main/jte}, e.g. {@code "connections.jte"}
   */
  public String render(String name, Object model) {
    StringOutput out = new StringOutput();
    engine.render(name, model, out);
    return out.toString();
  }
}
