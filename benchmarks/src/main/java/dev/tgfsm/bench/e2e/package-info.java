/**
 * The end-to-end benchmark of the sample bot: a separate bot process on a private Redis, fed through a
 * local Bot API server, measured from outside (throughput, CPU, memory, Redis commands) and profiled
 * with Java Flight Recorder.
 */
package dev.tgfsm.bench.e2e;
