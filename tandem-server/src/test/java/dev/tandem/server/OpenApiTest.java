package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void everyServedApiRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
    try (TestServer t = new TestServer(dir)) {
      Map<String, Object> doc = t.anonymous().get("/api/openapi.json").json();
      assertThat(doc.get("openapi").toString()).startsWith("3.");
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
      List<String> documented = new ArrayList<>();
      paths.forEach(
          (path, ops) ->
              ops.keySet().forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));
      List<String> served =
          t.server.routes().stream().filter(r -> r.split(" ")[1].startsWith("/api/")).toList();
      assertThat(served).hasSizeGreaterThan(20);
      assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
      paths
          .values()
          .forEach(
              ops ->
                  ops.values()
                      .forEach(
                          op ->
                              assertThat((Map<String, Object>) op)
                                  .containsKeys("summary", "responses", "operationId")));
    }
  }
}
