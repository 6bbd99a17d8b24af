/**
 * Tests of the TelegramBots glue, and the local Bot API server and update builders that end-to-end tests use.
 */
package dev.tgfsm.telegram;
