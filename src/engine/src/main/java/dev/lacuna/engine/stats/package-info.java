/**
 * Significance tests for the gap between two unlearning scenarios (for example Oracle and Random
 * regions), seeded so that p-values are reproducible. Procedures follow Lee et al., appendix D.
 */
package dev.lacuna.engine.stats;
