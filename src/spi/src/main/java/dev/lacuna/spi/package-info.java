/**
 * The public contract between Lacuna Bench and its plugins.
 *
 * <p>A plugin is a JAR that implements one of the plugin interfaces of this package, lists the
 * implementing class in {@code META-INF/services/<interface name>} and describes itself in its
 * manifest with the attributes named in {@link dev.lacuna.spi.PluginManifest}. The harness discovers
 * the plugin with {@link java.util.ServiceLoader}, runs it on the fixed injection testbeds and scores
 * it. Nothing in this package depends on the harness: plugins compile against this module and DJL's
 * API only.
 *
 * <h2>Versions and stability</h2>
 *
 * <p>The contract has a version of its own, {@link dev.lacuna.spi.SpiVersion#CURRENT}, which every plugin JAR
 * records in its manifest and the harness checks ({@link dev.lacuna.spi.SpiVersion} says which versions run
 * where). Each public type is labelled with its stability the way JUnit 5 labels its own, with
 * {@link org.apiguardian.api.API @API(status = ..., since = ...)}:
 *
 * <p>A change that breaks plugins built for an earlier version always increments the major version, so the
 * harness's check holds whatever the labels say; the labels say which types such a change may touch:
 *
 * <ul>
 *   <li>{@code STABLE}: no incompatible change within a major version, and across major versions only after a
 *       major version in which the type or member was {@code DEPRECATED}. The plugin interfaces
 *       ({@link dev.lacuna.spi.Localizer}, {@link dev.lacuna.spi.UnlearningObjective}), what the harness hands
 *       them ({@link dev.lacuna.spi.LocalizationContext}, {@link dev.lacuna.spi.ObjectiveInputs},
 *       {@link dev.lacuna.spi.AnswerOutputs}), the manifest and the version.</li>
 *   <li>{@code MAINTAINED}: no incompatible change within a major version, but the next major version may change
 *       it without deprecating it first; the type says why it is not {@code STABLE} yet
 *       ({@link dev.lacuna.spi.ModelView}, and two records that may gain components).</li>
 * </ul>
 *
 * <p>The interfaces the harness implements may gain methods in a minor version. Plugins only call them, so
 * that breaks no plugin; a test that implements them itself would no longer compile, which is what the fakes
 * of {@code dev.lacuna:lacuna-spi-testkit} are for.
 */
package dev.lacuna.spi;
