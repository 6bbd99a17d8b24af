/**
 * Branching flows (seed 001): nodes that ask with buttons, take validated input, or compute the next
 * node, run by an engine that also answers the escape commands.
 */
package dev.tgfsm.flow;
