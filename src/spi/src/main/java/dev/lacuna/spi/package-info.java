/**
 * The public contract between Lacuna Bench and its plugins.
 *
 * <p>A plugin is a JAR that implements one of the plugin interfaces of this package, lists the
 * implementing class in {@code META-INF/services/<interface name>} and describes itself in its
 * manifest with the attributes named in {@link dev.lacuna.spi.PluginManifest}. The harness discovers
 * the plugin with {@link java.util.ServiceLoader}, runs it on the fixed injection testbeds and scores
 * it. Nothing in this package depends on the harness: plugins compile against this module and DJL's
 * API only.
 */
package dev.lacuna.spi;
