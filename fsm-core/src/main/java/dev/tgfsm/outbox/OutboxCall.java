package dev.tgfsm.outbox;

import java.io.Serializable;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

/**
 * One queued Bot API call: the method, an optional call sent instead when the Bot API refuses it,
 * and what to do after delivery (in memory only).
 */
record OutboxCall(BotApiMethod<? extends Serializable> method, BotApiMethod<? extends Serializable> fallback,
        OnSent<Serializable> onSent) {
}
