package dev.tandem.app;

import picocli.CommandLine.Command;

/** {@code tandem emulate <app>}: runs an app's API emulator (the apps add their subcommands). */
@Command(
    name = "emulate",
    description = "Run an emulator of an app's public API, for demos and sandboxes.",
    subcommands = {
      dev.tandem.emulator.hubspot.HubSpotEmulatorCommand.class,
      dev.tandem.emulator.dynamics.DynamicsEmulatorCommand.class
    })
public final class EmulateCommand {}
