/**
 * Tests of the auto-configuration of operations support.
 */
package dev.tgfsm.autoconfigure.actuator;
