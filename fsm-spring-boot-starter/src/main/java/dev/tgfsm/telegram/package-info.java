/**
 * TelegramBots glue: the long-polling bot and consumer that feed the dispatcher, and the Bot API URL
 * and client.
 */
package dev.tgfsm.telegram;
