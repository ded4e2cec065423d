/**
 * A platform worker: claims jobs from the server over HTTP (it holds no database credentials), runs each in a
 * child process of harness code whose plugin jobs run in the sandbox, heartbeats its lease with the child's
 * progress, and hands back the outcome or a specific reason with the last lines of the child's log. A worker
 * that dies loses no job: its lease expires and another worker runs the job again.
 */
package dev.lacuna.worker.fleet;
