/**
 * The storage SPI: the conversation record, atomic writes, lease locks, counters, and the
 * exceptions every backend throws.
 */
package dev.tgfsm.storage;
