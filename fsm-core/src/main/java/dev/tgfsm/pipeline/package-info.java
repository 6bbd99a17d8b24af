/**
 * The update pipeline: the fixed order of the steps every update goes through, from its key to its
 * acknowledgement ({@link UpdatePipeline}), and the {@link
 * dev.tgfsm.pipeline.UpdateMiddleware} that applications add at a named {@link Phase}.
 */
@NullMarked
package dev.tgfsm.pipeline;

import org.jspecify.annotations.NullMarked;
