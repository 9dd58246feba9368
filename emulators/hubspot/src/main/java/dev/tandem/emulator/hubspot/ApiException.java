package dev.tandem.emulator.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answered with HubSpot's error body: {@code {"status":"error","message","correlationId",
 * "category"}} plus optional {@code errors[]}, {@code context} and other fields.
 */
final class ApiException extends RuntimeException {
  final int status;
  final String category;
  final List<Map<String, Object>> errors;
  final Map<String, Object> context;
  final Map<String, Object> extra = new LinkedHashMap<>();

  ApiException(int status, String category, String message) {
    this(status, category, message, List.of(), Map.of());
  }

  ApiException(
      int status,
      String category,
      String message,
      List<Map<String, Object>> errors,
      Map<String, Object> context) {
    super(message, null, false, false);
    this.status = status;
    this.category = category;
    this.errors = errors;
    this.context = context;
  }

  static ApiException validation(String message) {
    return new ApiException(400, "VALIDATION_ERROR", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "OBJECT_NOT_FOUND", message);
  }

  ApiException with(String key, Object value) {
    extra.put(key, value);
    return this;
  }

  /** The body HubSpot sends for this error. */
  Map<String, Object> body(String correlationId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "error");
    body.put("message", getMessage());
    body.put("correlationId", correlationId);
    if (category != null) {
      body.put("category", category);
    }
    if (!errors.isEmpty()) {
      body.put("errors", errors);
    }
    if (!context.isEmpty()) {
      body.put("context", context);
    }
    body.putAll(extra);
    return body;
  }
}
