/**
 * The Telegram side: tgfsm's own long-polling intake, the consumer for applications' own TelegramBots
 * bots, outage notices, and the Bot API URL and client.
 */
package dev.tgfsm.telegram;
