/**
 * Tests of the actuator package.
 */
package dev.tgfsm.actuator;
