/**
 * Branching flows: nodes that ask with buttons, take validated input, or compute the next
 * node, or call another flow as a sub-flow, run by an engine that also answers the escape commands.
 */
@NullMarked
package dev.tgfsm.flow;

import org.jspecify.annotations.NullMarked;
