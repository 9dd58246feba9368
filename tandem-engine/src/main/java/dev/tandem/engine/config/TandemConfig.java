package dev.tandem.engine.config;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.sync.ObjectSyncSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A loaded and checked config file.
 *
 * @param file the file it came from
 * @param store where state is kept
 * @param apps the accounts, by name
 * @param connections the connections
 */
public record TandemConfig(
    Path file,
    Store store,
    Map<String, AccountConfig> apps,
    List<Connection> connections,
    Server server) {

  public TandemConfig(
      Path file, Store store, Map<String, AccountConfig> apps, List<Connection> connections) {
    this(file, store, apps, connections, Server.DEFAULT);
  }

  /**
   * The {@code server:} section, used by {@code tandem serve}.
   *
   * @param host the address to listen on
   * @param port the port (0: any free port)
   * @param keystore a PKCS#12 keystore with the certificate for HTTPS, or null for plain HTTP
   * @param keystorePassword its password
   */
  public record Server(String host, int port, Path keystore, String keystorePassword) {
    public static final Server DEFAULT = new Server("0.0.0.0", 8080, null, null);

    @Override
    public String toString() {
      return "Server[" + host + ":" + port + (keystore == null ? "" : ", https " + keystore) + "]";
    }
  }

  /**
   * The {@code store:} section.
   *
   * @param type {@code sqlite} or {@code postgres}
   * @param path the SQLite file
   * @param url the PostgreSQL JDBC URL
   */
  public record Store(String type, Path path, String url, String user, String password) {}

  /** One entry of {@code connections:}. */
  public record Connection(
      String name, String a, String b, Duration every, List<ObjectSyncSpec> objects, int line) {}

  /** The folder relative paths resolve against: the config file's. */
  public Path baseDir() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }
}
