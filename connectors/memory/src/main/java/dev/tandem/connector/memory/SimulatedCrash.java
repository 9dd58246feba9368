package dev.tandem.connector.memory;

/**
 * A simulated process crash, thrown by a {@link MemoryApp} whose {@link Faults} are armed to crash.
 * It is an {@link Error} on purpose: the engine's exception handling must not catch it, so that a
 * test sees exactly the state a real crash would leave behind.
 */
public final class SimulatedCrash extends Error {
  public SimulatedCrash(String message) {
    super(message);
  }
}
