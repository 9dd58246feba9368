package dev.tandem.connector.vdir;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Creates connectors of type {@code vdir}: {@code {type: vdir, path: ./contacts, create: false,
 * page-size: 500}}. The path resolves against the config file's folder. A missing folder is a
 * config error (a typo must not start an empty address book that then "deletes" every contact on
 * the other side) unless {@code create: true} asks for it to be made.
 */
public final class VdirConnectorFactory implements ConnectorFactory {
  static final int DEFAULT_PAGE_SIZE = 500;

  @Override
  public String type() {
    return "vdir";
  }

  @Override
  public Connector create(AccountConfig config, ConnectorContext context) {
    config.allowOnly(Set.of("path", "create", "page-size", "cache-dir"));
    Path folder = context.baseDir().resolve(config.require("path")).toAbsolutePath().normalize();
    String create = config.get("create", "false").trim().toLowerCase(Locale.ROOT);
    if (!create.equals("true") && !create.equals("false")) {
      throw new ConfigException(
          prefix(config) + "'create' must be true or false, not '" + create + "'");
    }
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new ConfigException(prefix(config) + folder + " is a file, not a folder of .vcf files");
    }
    if (!Files.isDirectory(folder)) {
      if (create.equals("false")) {
        throw new ConfigException(
            prefix(config)
                + "folder "
                + folder
                + " does not exist; create it or set 'create: true'");
      }
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new ConfigException(prefix(config) + "cannot create folder " + folder + ": " + e);
      }
    }
    int pageSize = positiveInt(config, "page-size", DEFAULT_PAGE_SIZE);
    return new VdirConnector(folder, context.meter(), pageSize, cacheFile(config, context, folder));
  }

  /**
   * Where parsed cards are kept between runs: {@code cache-dir} (resolved like {@code path}; {@code
   * none} keeps them in memory only), by default {@code $XDG_CACHE_HOME/tandem} or {@code
   * ~/.cache/tandem}.
   */
  private static Path cacheFile(AccountConfig config, ConnectorContext context, Path folder) {
    String setting = config.get("cache-dir", null);
    Path dir;
    if (setting != null) {
      if (setting.isBlank() || setting.strip().equalsIgnoreCase("none")) {
        return null;
      }
      dir = context.baseDir().resolve(setting.strip()).toAbsolutePath().normalize();
    } else {
      String xdg = System.getenv("XDG_CACHE_HOME");
      String home = System.getProperty("user.home");
      if (xdg != null && !xdg.isBlank()) {
        dir = Path.of(xdg, "tandem");
      } else if (home != null && !home.isBlank()) {
        dir = Path.of(home, ".cache", "tandem");
      } else {
        return null;
      }
    }
    return CardCache.fileFor(dir, folder);
  }

  private static String prefix(AccountConfig config) {
    return "app '" + config.name() + "' (" + config.type() + "): ";
  }

  static int positiveInt(AccountConfig config, String key, int fallback) {
    String raw = config.get(key, null);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        prefix(config) + "'" + key + "' must be a positive whole number, not '" + raw + "'");
  }
}
