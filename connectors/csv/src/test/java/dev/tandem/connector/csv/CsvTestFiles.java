package dev.tandem.connector.csv;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.RecordingMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Writes test files into a folder and opens connectors on them. */
final class CsvTestFiles {
  final Path dir;
  final RecordingMeter meter = new RecordingMeter();

  CsvTestFiles(Path dir) {
    this.dir = dir;
  }

  Path write(String name, String content) {
    return writeBytes(name, content.getBytes(StandardCharsets.UTF_8));
  }

  Path writeBytes(String name, byte[] content) {
    try {
      return Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  byte[] bytes(String name) {
    try {
      return Files.readAllBytes(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Connector open(String name, Object... settings) {
    Map<String, Object> s = new HashMap<>();
    s.put("path", "./" + name);
    for (int i = 0; i < settings.length; i += 2) {
      s.put((String) settings[i], settings[i + 1]);
    }
    return new CsvConnectorFactory()
        .create(
            new AccountConfig("left", "csv", s),
            new ConnectorContext(meter, Clock.systemUTC(), dir));
  }
}
