/**
 * The storage SPI: the conversation record, atomic writes, lease locks, counters, and the
 * exceptions every backend throws.
 */
@NullMarked
package dev.tgfsm.storage;

import org.jspecify.annotations.NullMarked;
