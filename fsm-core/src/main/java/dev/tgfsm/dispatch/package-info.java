/**
 * Runs updates: the {@link dev.tgfsm.dispatch.UpdateDispatcher} computes each update's key once,
 * de-duplicates, keeps per-conversation order, opens the unit of work around the steps of the
 * {@link dev.tgfsm.pipeline.UpdatePipeline}, retries what passes by itself, and shuts down
 * gracefully; the {@link dev.tgfsm.dispatch.UpdateContext} is what every step is handed.
 */
@NullMarked
package dev.tgfsm.dispatch;

import org.jspecify.annotations.NullMarked;
