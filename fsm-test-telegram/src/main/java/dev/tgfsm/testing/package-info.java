/**
 * Tools for testing bots and backends: a clock that tests move by hand and
 * builders of real TelegramBots updates.
 */
@NullMarked
package dev.tgfsm.testing;

import org.jspecify.annotations.NullMarked;
