package dev.tandem.engine.config;

import java.nio.file.Path;

/** A mistake in the config file, with the file and line it is on. */
public final class ConfigError extends RuntimeException {
  private final Path file;
  private final int line;

  public ConfigError(Path file, int line, String reason) {
    super(file + (line > 0 ? ":" + line : "") + ": " + reason);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }
}
