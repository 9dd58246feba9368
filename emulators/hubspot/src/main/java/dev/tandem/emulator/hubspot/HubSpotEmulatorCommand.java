package dev.tandem.emulator.hubspot;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem emulate hubspot}: runs the emulator until interrupted. */
@Command(
    name = "hubspot",
    mixinStandardHelpOptions = true,
    description = "Runs an emulator of HubSpot's CRM API (contacts, companies, deals) in memory.")
public final class HubSpotEmulatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port = 8090;

  @Option(names = "--token", description = "Bearer token to accept (default ${DEFAULT-VALUE}).")
  String token = "pat-emulator-token";

  @Option(
      names = "--contacts",
      description = "Sample contacts to create (default ${DEFAULT-VALUE}).")
  int contacts = 0;

  @Option(
      names = "--companies",
      description = "Sample companies to create (default ${DEFAULT-VALUE}).")
  int companies = 0;

  @Option(names = "--deals", description = "Sample deals to create (default ${DEFAULT-VALUE}).")
  int deals = 0;

  @Option(
      names = "--seed",
      description = "Random seed of the sample data (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--webhook-url", description = "Deliver signed webhook batches to this URL.")
  String webhookUrl;

  @Option(
      names = "--client-secret",
      description = "The app's client secret: signs webhooks, authenticates OAuth token requests.")
  String clientSecret = "emulator-client-secret";

  @Option(
      names = "--rate-limit",
      description = "Requests per 10 seconds: 100 or 190 (default ${DEFAULT-VALUE}).")
  int rateLimit = 100;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rateLimit < 1) {
      err.println("--rate-limit must be a positive number of requests per 10 s, e.g. 100 or 190");
      return 2;
    }
    if (webhookUrl != null && (clientSecret == null || clientSecret.isBlank())) {
      err.println("--webhook-url needs --client-secret to sign the webhook requests");
      return 2;
    }
    HubSpotEmulator emulator =
        HubSpotEmulator.builder()
            .port(port)
            .token(token)
            .contacts(contacts)
            .companies(companies)
            .deals(deals)
            .seed(seed)
            .webhookUrl(webhookUrl)
            .clientSecret(clientSecret)
            .rateLimit(rateLimit)
            .build();
    try {
      emulator.start();
    } catch (RuntimeException e) {
      err.println("cannot start the HubSpot emulator on port " + port + ": " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              emulator.stop();
              stopped.countDown();
            });
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("HubSpot emulator listening on " + emulator.baseUrl());
    out.println("  token:         " + emulator.token());
    out.println(
        "  OAuth client:  " + emulator.clientId() + " / refresh token " + emulator.refreshToken());
    out.println(
        "  records:       "
            + contacts
            + " contacts, "
            + companies
            + " companies, "
            + deals
            + " deals");
    if (webhookUrl != null) {
      out.println("  webhooks to:   " + webhookUrl);
    }
    out.println("  stats:         " + emulator.baseUrl() + "/_emulator/stats   (Ctrl-C stops)");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Interrupted by an embedding program rather than Ctrl-C: stop and return.
      emulator.stop();
      Runtime.getRuntime().removeShutdownHook(hook);
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
