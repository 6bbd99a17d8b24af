/**
 * Tests of the middleware auto-configuration.
 */
package dev.tgfsm.middleware;
