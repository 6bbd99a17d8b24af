/**
 * Console mode: the sample bot driven from a terminal, with no Telegram and no token.
 */
package dev.tgfsm.sample.console;
