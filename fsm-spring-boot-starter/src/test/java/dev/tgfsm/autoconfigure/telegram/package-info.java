/**
 * Tests of the auto-configuration of the Telegram side.
 */
package dev.tgfsm.autoconfigure.telegram;
