package dev.tgfsm.outbox;

import java.io.Serializable;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

/**
 * One queued Bot API call: the method, an optional call sent instead when the Bot API refuses it,
 * and what to do after delivery (in memory only).
 */
record OutboxCall(BotApiMethod<? extends Serializable> method, @Nullable BotApiMethod<? extends Serializable> fallback,
        @Nullable OnSent<Serializable> onSent) {
}
