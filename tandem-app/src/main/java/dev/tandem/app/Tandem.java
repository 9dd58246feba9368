package dev.tandem.app;

import dev.tandem.app.cli.DemoCommand;
import dev.tandem.app.cli.StatusCommand;
import dev.tandem.app.cli.SyncArgs;
import dev.tandem.app.cli.SyncCommand;
import dev.tandem.app.serve.ServeCommand;
import dev.tandem.engine.config.ConfigError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tandem} command. */
@Command(
    name = "tandem",
    mixinStandardHelpOptions = true,
    // Every subcommand gets --help and --version too: `tandem sync --help` is the first thing a
    // user types.
    scope = CommandLine.ScopeType.INHERIT,
    version = "tandem 0.1.0",
    description = "Keeps contacts, companies and deals in step between two apps, both ways.",
    subcommands = {
      ServeCommand.class,
      SyncCommand.class,
      StatusCommand.class,
      DemoCommand.class,
      EmulateCommand.class
    })
public final class Tandem {
  public static void main(String[] args) {
    int code = run(args);
    // A short run is over, and its apps' HTTP clients with it (a service or an emulator may still
    // have shutdown hooks to run, which may send requests).
    if (args.length > 0 && (args[0].equals("sync") || args[0].equals("status"))) {
      IdleHttpSelectors.stop();
    }
    System.exit(code);
  }

  /**
   * Runs the command line and returns the exit code: 0 done, 1 a run did not complete, 2 bad usage
   * or config.
   */
  public static int run(String... args) {
    SyncCommand sync = SyncArgs.parse(args);
    if (sync != null) {
      return runSync(sync);
    }
    CommandLine cli = new CommandLine(new Tandem());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (isUserError(e)) {
            cmd.getErr().println("tandem: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli.execute(args);
  }

  /**
   * Runs a sync whose arguments were read without picocli, with the exit codes and messages
   * picocli's execution gives: a user's error is one line and exit code 2, anything else a stack
   * trace and exit code 1.
   */
  private static int runSync(SyncCommand sync) {
    try {
      return sync.call();
    } catch (Exception e) {
      if (isUserError(e)) {
        System.err.println("tandem: " + e.getMessage());
        return 2;
      }
      e.printStackTrace();
      return 1;
    }
  }

  /** A bad config or an app that refused it: the message says what to fix. */
  private static boolean isUserError(Exception e) {
    return e instanceof ConfigError
        || e instanceof dev.tandem.core.spi.ConfigException
        || e instanceof dev.tandem.core.spi.ConnectorException;
  }
}
