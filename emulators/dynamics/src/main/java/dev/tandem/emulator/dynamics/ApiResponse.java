package dev.tandem.emulator.dynamics;

import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response of the Web API, before it is written to the wire or into a batch part. */
final class ApiResponse {
  final int status;
  final Map<String, String> headers = new LinkedHashMap<>();
  String body = "";

  ApiResponse(int status) {
    this.status = status;
    headers.put("OData-Version", "4.0");
  }

  ApiResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  ApiResponse json(String json) {
    headers.put("Content-Type", "application/json; odata.metadata=minimal");
    this.body = json;
    return this;
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 412 -> "Precondition Failed";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status " + status;
    };
  }
}
