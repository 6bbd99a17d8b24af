/**
 * Tests of the timeout auto-configuration.
 */
package dev.tgfsm.autoconfigure.timeout;
