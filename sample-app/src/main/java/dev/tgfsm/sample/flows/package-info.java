/**
 * The sample's flows and wizards: registration, ordering and the branching customer flow.
 */
package dev.tgfsm.sample.flows;
