/**
 * A Telegram for tests, independent of tgfsm: a recording client, a local Bot API server over
 * HTTP, builders of real TelegramBots updates and a clock that tests move by hand.
 */
@NullMarked
package dev.tgfsm.testing;

import org.jspecify.annotations.NullMarked;
