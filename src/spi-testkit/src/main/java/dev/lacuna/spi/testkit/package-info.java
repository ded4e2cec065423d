/**
 * Test support for plugin authors: deterministic fakes of what the harness hands a plugin, and checks of what a
 * plugin returns and of its packaged JAR. Use it with test scope next to {@code dev.lacuna:lacuna-spi}.
 *
 * <ul>
 *   <li>Localizers: {@link dev.lacuna.spi.testkit.FakeModel} (a {@code ModelView} of value vectors, activations
 *       and gradients the test writes down, or {@code FakeModel.seeded(shape, seed)}) inside a
 *       {@link dev.lacuna.spi.testkit.FakeLocalizationContext}.</li>
 *   <li>Objectives: {@link dev.lacuna.spi.testkit.FakeAnswerOutputs} (logits and targets on real DJL arrays, with
 *       the harness's log-probabilities) inside {@link dev.lacuna.spi.testkit.FakeObjectiveInputs}, or
 *       {@code FakeObjectiveInputs.seededFor(objective, manager, shape, seed)} with every batch the objective
 *       asks for.</li>
 *   <li>{@link dev.lacuna.spi.testkit.PluginChecks}: the harness's checks of scores and losses.</li>
 *   <li>{@link dev.lacuna.spi.testkit.PluginJar}: the packaged JAR has the manifest attributes and the services
 *       entry the harness needs, and its plugin loads from the JAR alone.</li>
 * </ul>
 *
 * <p>Every type here is {@code EXPERIMENTAL}: new, and shaped by what plugin authors need from it.
 */
package dev.lacuna.spi.testkit;
