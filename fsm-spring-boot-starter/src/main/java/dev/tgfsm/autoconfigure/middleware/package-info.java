/**
 * Spring Boot auto-configuration of the built-in middleware steps of the update pipeline: the rate limiter
 * ({@code tgfsm.rate-limit.*}) and the garbage-message registry ({@code tgfsm.garbage.*}); the
 * pipeline itself is assembled by {@code FsmAutoConfiguration}.
 */
@NullMarked
package dev.tgfsm.autoconfigure.middleware;

import org.jspecify.annotations.NullMarked;
