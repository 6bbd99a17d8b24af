/**
 * Wizards: ordered steps with prompts, validation, transforms and attempt limits, built
 * as linear flows.
 */
@NullMarked
package dev.tgfsm.wizard;

import org.jspecify.annotations.NullMarked;
