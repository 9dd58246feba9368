package dev.tandem.core.spi;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What the engine gives a connector when it creates one.
 *
 * @param meter where to count API calls
 * @param clock the time source (tests inject a fixed one)
 * @param baseDir the folder relative paths in the account config resolve against (the config
 *     file's)
 */
public record ConnectorContext(ApiMeter meter, Clock clock, Path baseDir) {
  public static ConnectorContext defaults() {
    return new ConnectorContext(ApiMeter.NONE, Clock.systemUTC(), Path.of("."));
  }
}
