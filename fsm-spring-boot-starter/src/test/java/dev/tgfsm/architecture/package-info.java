/**
 * Tests of the shape of the starter's code: which of its packages may use which.
 */
package dev.tgfsm.architecture;
