/**
 * The unit of plugin execution: a typed job (score theta_o, or unlearn it inside a region, or say what the
 * plugin suggests), its outcome, and a versioned JSON codec for both. A job holds only what the plugin may
 * see, never V_tgt, theta_r or a region's role, so running it in another process (the sandbox, a platform
 * worker) cannot leak the ground truth; the harness checks every outcome against the job it sent before it
 * uses it and computes every metric itself.
 */
package dev.lacuna.engine.job;
