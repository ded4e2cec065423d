package dev.lacuna.results;

/** A plugin as results name it: {@code plugin}, and a localizer result's {@code reference_objective}. */
public record Plugin(String name, String version, String sha256) {
}
