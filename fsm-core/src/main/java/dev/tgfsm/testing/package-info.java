/**
 * Tools for testing bots and backends: a clock that tests move by hand and
 * builders of real TelegramBots updates.
 */
package dev.tgfsm.testing;
