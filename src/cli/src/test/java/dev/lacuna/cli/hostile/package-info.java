/**
 * Plugins written as a hostile submitter would write them, each packed into a real JAR by
 * {@code HostilePluginTest} and run in the sandbox: every one must end in a failed job with a specific
 * reason, and leave the harness, the testbeds and the host's files as they were.
 */
package dev.lacuna.cli.hostile;
