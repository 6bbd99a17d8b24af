/**
 * The Telegram side: tgfsm's own long-polling intake, the consumer for applications' own TelegramBots
 * bots, outage notices, and the Bot API URL and client.
 */
@NullMarked
package dev.tgfsm.telegram;

import org.jspecify.annotations.NullMarked;
