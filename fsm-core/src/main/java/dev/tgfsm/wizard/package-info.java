/**
 * Wizards (seed 001): ordered steps with prompts, validation, transforms and attempt limits, built
 * as linear flows.
 */
package dev.tgfsm.wizard;
