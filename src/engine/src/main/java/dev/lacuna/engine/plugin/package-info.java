/**
 * Reading plugin JARs: their manifest, their service entry and an isolated class loader. This is the
 * trusted path (built-in baselines, local development); untrusted submissions run the same code inside
 * a sandboxed child process.
 */
package dev.lacuna.engine.plugin;
