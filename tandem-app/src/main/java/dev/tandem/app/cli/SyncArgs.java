package dev.tandem.app.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the plain forms of {@code tandem sync}'s arguments without picocli. Building picocli's
 * command model by reflection, from class files the class-data-sharing archive cannot hold, was
 * about a seventh of a short sync's CPU time. Anything unusual (help, an unknown or repeated
 * option, a missing value, an {@code @file}) is left to picocli, so its messages and exit codes
 * stay the only ones a user sees for bad usage.
 */
public final class SyncArgs {
  private SyncArgs() {}

  /**
   * The sync command these arguments ask for, or null when picocli must read them (also for every
   * other command).
   */
  public static SyncCommand parse(String... args) {
    if (args.length < 2 || !"sync".equals(args[0])) {
      return null;
    }
    SyncCommand cmd = new SyncCommand();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!seen.add(name)) {
        return null;
      }
      switch (name) {
        case "--config", "--connection" -> {
          if (value == null) {
            if (i + 1 == args.length) {
              return null;
            }
            value = args[++i];
          }
          // Values that look like options or argument files are picocli's to judge.
          if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
            return null;
          }
          if (name.equals("--config")) {
            try {
              cmd.config = Path.of(value);
            } catch (InvalidPathException e) {
              return null;
            }
          } else {
            cmd.connection = value;
          }
        }
        case "--dry-run" -> cmd.dryRun = true;
        case "--full" -> cmd.full = true;
        case "--approve-deletes" -> cmd.approveDeletes = true;
        case "--json" -> cmd.json = true;
        default -> {
          return null;
        }
      }
      if (value != null && !name.equals("--config") && !name.equals("--connection")) {
        return null;
      }
    }
    return cmd.config == null ? null : cmd;
  }
}
