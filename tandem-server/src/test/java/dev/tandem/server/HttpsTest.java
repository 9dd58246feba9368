package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.store.StateStores;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate made by the JDK's keytool. */
class HttpsTest {
  @TempDir Path dir;

  @Test
  void servesHttpsAndMarksTheSessionCookieSecure() throws Exception {
    Path keystore = dir.resolve("server.p12");
    String password = "changeit-123";
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "tandem",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password)
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue())
        .as(new String(keytool.getInputStream().readAllBytes()))
        .isZero();

    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      trust.load(in, password.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    HttpClient client =
        HttpClient.newBuilder().sslContext(ssl).cookieHandler(new CookieManager()).build();

    try (TestServer t =
        new TestServer(
            dir,
            StateStores.sqlite(dir.resolve("t.db")),
            ServerSettings.https("127.0.0.1", 0, keystore, password))) {
      assertThat(t.url()).startsWith("https://127.0.0.1:");
      Http https = Http.anonymous(client, t.url());
      assertThat(https.get("/healthz").json()).containsEntry("status", "ok");
      Http.Response login =
          https.post(
              "/api/session", Map.of("name", "admin", "password", TestServer.ADMIN_PASSWORD));
      assertThat(login.status()).isEqualTo(200);
      assertThat(login.header("Set-Cookie")).contains("Secure").contains("HttpOnly");
      assertThat(https.get("/api/me").json()).containsEntry("via", "session");
    }
  }
}
