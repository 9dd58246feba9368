package dev.tandem.emulator.dynamics;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem emulate dynamics}: runs the Dataverse Web API emulator until interrupted. */
@Command(
    name = "dynamics",
    mixinStandardHelpOptions = true,
    description =
        "Runs an emulator of the Microsoft Dynamics 365 (Dataverse) Web API with sample data.")
public final class DynamicsEmulatorCommand implements Callable<Integer> {
  @Option(names = "--port", description = "Port to listen on (0 = any free port). Default: 8091.")
  int port = 8091;

  @Option(
      names = "--host",
      description = "Interface to listen on (0.0.0.0 for all). Default: 127.0.0.1.")
  String host = "127.0.0.1";

  @Option(names = "--token", description = "A bearer token accepted as is. Default: dev-token.")
  String token = "dev-token";

  @Option(names = "--client-id", description = "OAuth client id. Default: tandem-client.")
  String clientId = "tandem-client";

  @Option(names = "--client-secret", description = "OAuth client secret. Default: tandem-secret.")
  String clientSecret = "tandem-secret";

  @Option(names = "--contacts", description = "Sample contacts. Default: 50.")
  int contacts = 50;

  @Option(names = "--accounts", description = "Sample accounts. Default: 10.")
  int accounts = 10;

  @Option(names = "--opportunities", description = "Sample opportunities. Default: 20.")
  int opportunities = 20;

  @Option(names = "--seed", description = "Seed of the sample data. Default: 42.")
  long seed = 42;

  @Override
  public Integer call() throws InterruptedException {
    // Keep the console for the emulator's own lines: Jetty's start-up chatter is noise here.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    DynamicsEmulator emulator =
        new DynamicsEmulator(
                new DynamicsEmulator.Options()
                    .port(port)
                    .host(host)
                    .token(token)
                    .client(clientId, clientSecret)
                    .seedData(accounts, contacts, opportunities, seed))
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.stop();
                  stopped.countDown();
                }));
    System.out.println("Dynamics 365 (Dataverse Web API) emulator");
    System.out.println("  url:            " + emulator.baseUrl());
    System.out.println("  token endpoint: " + emulator.tokenUrl());
    System.out.println("  client id:      " + clientId);
    System.out.println("  client secret:  " + clientSecret);
    if (token != null) {
      System.out.println("  static token:   " + token);
    }
    System.out.println(
        "  sample data:    "
            + accounts
            + " accounts, "
            + contacts
            + " contacts, "
            + opportunities
            + " opportunities (seed "
            + seed
            + ")");
    System.out.println("Press Ctrl+C to stop.");
    stopped.await();
    return 0;
  }
}
