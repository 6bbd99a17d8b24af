/**
 * JMH benchmarks of tgfsm's storages, contexts and dispatcher, each next to a raw-client baseline, and
 * the runner that measures footprints and round trips and writes the summary.
 */
package dev.tgfsm.bench;
