/**
 * The Redis backend of the storage SPI: one hash per record, Lua scripts for every atomic step, on
 * standalone Redis or a Redis Cluster through Lettuce.
 */
@NullMarked
package dev.tgfsm.redis;

import org.jspecify.annotations.NullMarked;
