/**
 * Spring Boot auto-configuration of the Telegram side: the Bot API client, tgfsm's long polling, the
 * webhook and the outage notices.
 */
@NullMarked
package dev.tgfsm.autoconfigure.telegram;

import org.jspecify.annotations.NullMarked;
