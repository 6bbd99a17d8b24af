/**
 * Rate limits per user, chat or bot backed by the storage's atomic operations (GCRA or a fixed
 * window), and the update middleware that drops throttled updates.
 */
package dev.tgfsm.ratelimit;
