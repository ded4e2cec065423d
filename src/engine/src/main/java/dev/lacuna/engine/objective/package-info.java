/**
 * The harness side of the unlearning-objective contract: the arrays an objective reads at each step,
 * built from real forward passes, and the checks applied to the loss it returns.
 */
package dev.lacuna.engine.objective;
