package dev.tandem.server.api;

import dev.tandem.server.ServiceException;
import dev.tandem.server.catalog.Page;
import io.javalin.http.Context;

/** Query parameters as the API documents them, with 400s naming the parameter. */
final class Params {
  private Params() {}

  static int integer(Context ctx, String name, int fallback) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ServiceException.invalid(name + " must be a whole number, not '" + v + "'");
    }
  }

  static int page(Context ctx) {
    return integer(ctx, "page", 1);
  }

  static int size(Context ctx) {
    return integer(ctx, "size", Page.DEFAULT_SIZE);
  }

  static String string(Object v) {
    return v == null ? null : v.toString();
  }
}
