/** The bot instances behind a real HAProxy: test bot, balancer, Telegram-like sender, and the test. */
package dev.tgfsm.balancer;
