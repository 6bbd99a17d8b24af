/**
 * Rate-limiter tests against real backends.
 */
package dev.tgfsm.ratelimit;
