/**
 * Runs updates: the {@link UpdateDispatcher} computes each update's key once,
 * de-duplicates, keeps per-conversation order, opens the unit of work around the steps of the
 * {@link UpdatePipeline}, retries what passes by itself, and shuts down
 * gracefully; the {@link UpdateContext} is what every step is handed.
 */
@NullMarked
package dev.tgfsm.dispatch;

import org.jspecify.annotations.NullMarked;

import dev.tgfsm.pipeline.UpdatePipeline;
