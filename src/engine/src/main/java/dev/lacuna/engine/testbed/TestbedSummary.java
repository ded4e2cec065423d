package dev.lacuna.engine.testbed;

/** The identifying facts of a stored testbed, as read from its manifest. */
public record TestbedSummary(String id, String hash, String data, String model, long maskSeed) {
}
