/**
 * Testing a tgfsm bot: {@link FsmBotTest} starts the application's bot without
 * Telegram, and {@link BotTester} plays its users.
 */
@NullMarked
package dev.tgfsm.test;

import org.jspecify.annotations.NullMarked;
