package dev.tandem.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tandem.core.spi.ConnectorException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS context the CardDAV client uses: the JDK's default one, made only when needed. */
class LazyTlsTest {
  @TempDir Path dir;

  @Test
  void makesEnginesLikeTheDefaultContext() throws Exception {
    SSLEngine lazy = new LazyTls().createSSLEngine("example.org", 443);
    SSLEngine real = SSLContext.getDefault().createSSLEngine("example.org", 443);
    assertThat(lazy.getEnabledProtocols()).containsExactly(real.getEnabledProtocols());
    assertThat(lazy.getEnabledCipherSuites()).containsExactly(real.getEnabledCipherSuites());
    assertThat(lazy.getPeerHost()).isEqualTo("example.org");
  }

  /**
   * An https server with a certificate no authority signed: the client refuses it as the default
   * context would (the trust store is checked; nothing is accepted blindly).
   */
  @Test
  void checksAnHttpsServersCertificateAgainstTheTrustStore() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "secret1",
                "-keypass",
                "secret1")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "secret1".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "secret1".toCharArray());
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);

    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    List<String> served = new ArrayList<>();
    server.createContext(
        "/",
        ex -> {
          served.add(ex.getRequestURI().getPath());
          ex.sendResponseHeaders(207, -1);
          ex.close();
        });
    server.start();
    try {
      DavClient client = new DavClient("u", "p", endpoint -> {});
      URI uri = URI.create("https://localhost:" + server.getAddress().getPort() + "/book/");
      assertThatThrownBy(
              () -> client.send(new DavClient.Call("PROPFIND", uri, "test", Map.of(), null)))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("cannot reach the CardDAV server at https://localhost:")
          .hasMessageContaining("PKIX");
      assertThat(served).isEmpty();
    } finally {
      server.stop(0);
    }
  }
}
