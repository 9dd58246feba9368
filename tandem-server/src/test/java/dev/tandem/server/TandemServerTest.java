package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.spi.ConfigException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TandemServerTest {
  @TempDir Path dir;

  @Test
  void extraRoutesAreInstalledOutsideTheApisAuthentication() {
    try (TestServer t = new TestServer(dir);
        TandemServer extra =
            TandemServer.builder(t.context, t.sync)
                .settings(ServerSettings.http("127.0.0.1", 0))
                .routes(
                    cfg -> cfg.routes.post("/webhooks/{connection}/{side}", ctx -> ctx.status(204)))
                .routes(cfg -> cfg.routes.get("/app", ctx -> ctx.result("page")))
                .build()
                .start()) {
      Http http = Http.anonymous(extra.url());
      assertThat(http.post("/webhooks/crm-erp/a", "[]").status()).isEqualTo(204);
      assertThat(http.get("/app").body()).isEqualTo("page");
      assertThat(http.get("/api/connections").status()).isEqualTo(401);
      assertThat(extra.routes())
          .contains("POST /webhooks/{connection}/{side}", "GET /app", "GET /healthz");
    }
  }

  @Test
  void stopsCleanlyAndFreesItsPort() throws Exception {
    TestServer t = new TestServer(dir);
    int port = t.server.port();
    assertThat(port).isPositive();
    assertThatThrownBy(t.server::start).isInstanceOf(IllegalStateException.class);
    t.close();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aMissingKeystoreOrABusyPortIsAClearError() {
    try (TestServer t = new TestServer(dir)) {
      TandemServer tls =
          TandemServer.builder(t.context, t.sync)
              .settings(ServerSettings.https("127.0.0.1", 0, dir.resolve("nope.p12"), "x"))
              .build();
      assertThatThrownBy(tls::start)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("keystore")
          .hasMessageContaining("nope.p12");
      TandemServer busy =
          TandemServer.builder(t.context, t.sync)
              .settings(ServerSettings.http("127.0.0.1", t.server.port()))
              .build();
      assertThatThrownBy(busy::start)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + t.server.port());
    }
  }
}
