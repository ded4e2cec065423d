/**
 * The sandbox every untrusted plugin job runs in: a child JVM under bubblewrap (no network, read-only
 * root, only the job's inputs bound, a private size-capped /tmp, an unprivileged uid, no capabilities,
 * a seccomp filter against new processes), inside a per-job cgroup that caps memory (heap and native
 * together) and processes, with CPU-time, wall-clock and output limits. The parent trusts nothing the
 * child returns until {@link dev.lacuna.engine.job.OutcomeCheck} has compared it with the job.
 */
package dev.lacuna.worker.sandbox;
