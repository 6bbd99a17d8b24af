/**
 * Spring wiring of the update middleware: the rate limiter ({@code tgfsm.rate-limit.*}) and the
 * garbage-message registry ({@code tgfsm.garbage.*}).
 */
package dev.tgfsm.middleware;
