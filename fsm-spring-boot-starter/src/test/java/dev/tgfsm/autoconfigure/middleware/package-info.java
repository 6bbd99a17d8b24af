/**
 * Tests of the middleware auto-configuration.
 */
package dev.tgfsm.autoconfigure.middleware;
