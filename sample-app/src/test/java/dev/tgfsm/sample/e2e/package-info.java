/**
 * End-to-end tests of the sample bot: the real TelegramBots long-polling client and
 * {@code OkHttpTelegramClient} against a local Bot API server, restarts on SQLite and Redis.
 */
package dev.tgfsm.sample.e2e;
