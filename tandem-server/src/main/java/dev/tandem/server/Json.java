package dev.tandem.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server's one JSON mapper, and the helpers handlers use to read and answer JSON. */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A JSON object as a map; null or blank text is an empty map. */
  public static Map<String, Object> readMap(String text, String what) {
    if (text == null || text.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      Map<String, Object> m = MAPPER.readValue(text, new TypeReference<>() {});
      return m == null ? new LinkedHashMap<>() : m;
    } catch (JsonProcessingException e) {
      throw ServiceException.invalid(
          what + " is not a JSON object: " + e.getOriginalMessage().split("\n")[0]);
    }
  }

  /** The request body as a JSON object. */
  public static Map<String, Object> body(Context ctx) {
    return readMap(ctx.body(), "the request body");
  }

  /** Answers with {@code value} as JSON. */
  public static void send(Context ctx, int status, Object value) {
    ctx.status(status).contentType("application/json").result(write(value));
  }

  /** Answers {@code {"error": message}}. */
  public static void error(Context ctx, int status, String message) {
    send(ctx, status, Map.of("error", message));
  }
}
