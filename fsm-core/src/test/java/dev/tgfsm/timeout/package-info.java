/**
 * Tests of idle timeouts and restart notices.
 */
package dev.tgfsm.timeout;
