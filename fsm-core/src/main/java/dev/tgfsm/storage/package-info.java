/**
 * The storage SPI: the core every backend implements (the conversation record, atomic writes,
 * lease locks), the optional capabilities a backend may add (counters, rate-limit buckets, the
 * deadline index, finding a user's data), the base of decorators, and the exceptions.
 */
@NullMarked
package dev.tgfsm.storage;

import org.jspecify.annotations.NullMarked;
