package dev.lacuna.results;

/** Whether MU, FQ and MU95 could be computed on the testbed's data, and why not where not. */
public record Utility(boolean available, String note) {
}
