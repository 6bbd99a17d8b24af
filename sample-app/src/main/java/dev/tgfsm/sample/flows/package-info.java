/**
 * The sample's flows and wizards: registration, ordering, the branching customer flow, and the
 * job that asks for feedback on an order from outside any update.
 */
package dev.tgfsm.sample.flows;
