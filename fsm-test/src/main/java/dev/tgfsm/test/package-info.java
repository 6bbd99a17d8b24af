/**
 * Testing a tgfsm bot: {@link dev.tgfsm.test.FsmBotTest} starts the application's bot without
 * Telegram, and {@link dev.tgfsm.test.BotTester} plays its users.
 */
@NullMarked
package dev.tgfsm.test;

import org.jspecify.annotations.NullMarked;
