package dev.tgfsm.sample.cleanup;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.flow.Keyboard;
import dev.tgfsm.flow.Messenger;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.garbage.GarbageTracker;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OnSent;

/**
 * The flow engine's {@link Messenger} with clean-up of old keyboards: every prompt that carries
 * buttons (a choice, the product list, "Did you mean" suggestions) is tracked in the
 * {@link GarbageTracker}, so it is deleted once the conversation's state changes and its
 * buttons would be stale. Plain texts (questions, results, "Cancelled") stay in the chat.
 *
 * <p>Sending itself is {@link TelegramMessenger}'s: the prompt goes through the update's outbox,
 * after the commit; once Telegram returned the message, its id is tracked (stored with the delivery's
 * acknowledgement, seen by the conversation's next update). Without a tracker (clean-up switched
 * off with {@code tgfsm.garbage.enabled=false}) nothing is tracked.
 */
public final class KeyboardTrackingMessenger implements Messenger {

    private final TelegramMessenger messenger;

    /** The tracker, looked up once: a bean lookup on every send cost more than the send's own work. */
    private final Supplier<GarbageTracker> garbage;

    /**
     * Creates the messenger; the client and the tracker are looked up on first use.
     *
     * @param client sends what cannot wait for a commit (see {@link TelegramMessenger})
     * @param garbage tracks the prompts with buttons, if present
     */
    public KeyboardTrackingMessenger(ObjectProvider<TelegramClient> client,
            ObjectProvider<GarbageTracker> garbage) {
        this.messenger = new TelegramMessenger(
                SingletonSupplier.of(Objects.requireNonNull(client, "client must not be null")::getIfAvailable));
        this.garbage = SingletonSupplier
                .of(Objects.requireNonNull(garbage, "garbage must not be null")::getIfAvailable);
    }

    @Override
    public void send(UpdateContext update, String text, Keyboard keyboard, OnSent<Message> onSent) {
        GarbageTracker tracker = garbage.get();
        boolean buttons = keyboard != null && !keyboard.rows().isEmpty();
        if (!buttons || tracker == null || !update.hasConversation()) {
            messenger.send(update, text, keyboard, onSent);
            return;
        }
        OnSent<Message> tracking = tracker.tracking(StorageKey.DEFAULT_DESTINY);
        messenger.send(update, text, keyboard, sent -> {
            Consumer<FsmContext> track = tracking.sent(sent);
            Consumer<FsmContext> other = onSent != null ? onSent.sent(sent) : null;
            if (other == null) {
                return track;
            }
            return track == null ? other : track.andThen(other);
        });
    }

    @Override
    public void answerCallback(UpdateContext update, String notice) {
        messenger.answerCallback(update, notice);
    }

    @Override
    public void answerCallbackNow(UpdateContext update, String notice) {
        messenger.answerCallbackNow(update, notice);
    }
}
