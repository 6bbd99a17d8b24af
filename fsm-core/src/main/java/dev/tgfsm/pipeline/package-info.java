/**
 * The update pipeline: the fixed order of the steps every update goes through, from its key to its
 * acknowledgement ({@link dev.tgfsm.pipeline.UpdatePipeline}), and the {@link
 * dev.tgfsm.pipeline.UpdateMiddleware} that applications add at a named {@link dev.tgfsm.pipeline.Phase}.
 */
@NullMarked
package dev.tgfsm.pipeline;

import org.jspecify.annotations.NullMarked;
