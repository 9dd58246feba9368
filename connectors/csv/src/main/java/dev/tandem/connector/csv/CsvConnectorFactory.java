package dev.tandem.connector.csv;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Creates connectors of type {@code csv}: {@code {type: csv, path: ./people.csv, object: contact,
 * id-column: id, delimiter: ",", page-size: 1000}}. Checks that the file exists but does not read
 * it: the first call does.
 */
public final class CsvConnectorFactory implements ConnectorFactory {
  static final int DEFAULT_PAGE_SIZE = 1000;

  @Override
  public String type() {
    return "csv";
  }

  @Override
  public Connector create(AccountConfig config, ConnectorContext context) {
    config.allowOnly(Set.of("path", "object", "id-column", "delimiter", "page-size"));
    String written = config.require("path");
    Path path;
    try {
      path = context.baseDir().resolve(written).normalize();
    } catch (InvalidPathException e) {
      throw problem(config, "'" + written + "' is not a valid file path");
    }
    if (!Files.exists(path)) {
      throw problem(config, "file " + written + " does not exist");
    }
    if (Files.isDirectory(path)) {
      throw problem(config, written + " is a folder, not a CSV file");
    }
    String objectName = config.get("object", "contact");
    ObjectType object =
        ObjectType.parse(objectName)
            .orElseThrow(
                () ->
                    problem(
                        config,
                        "'object' must be contact, company or deal, not '" + objectName + "'"));
    String idColumn = config.get("id-column", "id").trim();
    if (idColumn.isEmpty()) {
      throw problem(config, "'id-column' must name a column");
    }
    char delimiter = delimiter(config);
    int pageSize = pageSize(config);
    CsvFile file = new CsvFile(path, written, idColumn, delimiter, context.meter());
    return new CsvConnector(file, object, pageSize);
  }

  private static char delimiter(AccountConfig config) {
    String raw = config.get("delimiter", ",");
    return switch (raw) {
      case ",", "comma" -> ',';
      case ";", "semicolon" -> ';';
      case "\t", "\\t", "tab" -> '\t';
      default ->
          throw problem(config, "'delimiter' must be \",\", \";\" or \"\\t\", not \"" + raw + "\"");
    };
  }

  private static int pageSize(AccountConfig config) {
    String raw = config.get("page-size", null);
    if (raw == null) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw problem(config, "'page-size' must be a positive whole number, not '" + raw + "'");
  }

  private static ConfigException problem(AccountConfig config, String reason) {
    return new ConfigException("app '" + config.name() + "' (" + config.type() + "): " + reason);
  }
}
