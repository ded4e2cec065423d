/**
 * The benchmark's scores as pure functions of measured numbers: extraction strength, probability, truth
 * ratio, ROUGE-L recall, Model Utility, Forget Quality, AUES and MU95. Definitions follow DESIGN section 5
 * and {@code docs/metrics.md}; nothing here touches a model.
 */
package dev.lacuna.engine.metrics;
