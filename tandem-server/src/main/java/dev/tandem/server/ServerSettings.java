package dev.tandem.server;

import java.nio.file.Path;

/**
 * Where and how the server listens.
 *
 * @param host the interface to bind ({@code 0.0.0.0} for all, {@code 127.0.0.1} for this machine
 *     only)
 * @param port the port; 0 picks a free one ({@link TandemServer#port()} tells which)
 * @param keystore a PKCS#12 or JKS keystore with the certificate and key to serve HTTPS, or null
 *     for plain HTTP
 * @param keystorePassword the keystore's password
 */
public record ServerSettings(String host, int port, Path keystore, String keystorePassword) {

  public static ServerSettings http(String host, int port) {
    return new ServerSettings(host, port, null, null);
  }

  public static ServerSettings https(String host, int port, Path keystore, String password) {
    return new ServerSettings(host, port, keystore, password);
  }

  public boolean tls() {
    return keystore != null;
  }

  @Override
  public String toString() {
    return "ServerSettings[host=" + host + ", port=" + port + ", keystore=" + keystore + "]";
  }
}
