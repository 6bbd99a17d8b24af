package dev.tgfsm.bench;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.testing.Updates;

/**
 * The handler body every "typical update" benchmark runs: read the data, merge one entry into it, and
 * set the state (alternating between two states so every update really writes).
 */
public final class TypicalUpdate {

    private TypicalUpdate() {
    }

    /**
     * Runs the typical handler on a context.
     *
     * @param context the context
     * @return the data read, for the blackhole
     */
    public static Object handle(FsmContext context) {
        Map<String, Object> data = context.getData();
        int step = ThreadLocalRandom.current().nextInt(1000);
        context.updateData(Map.of("step", step));
        context.setState((step & 1) == 0 ? BenchConfig.STATE_A : BenchConfig.STATE_B);
        return data;
    }

    /**
     * Telegram updates for a set of conversations, each with a fresh update id (the dispatcher skips
     * ids it has seen). The messages are built once per conversation and shared.
     */
    public static final class UpdateSource {

        private final Message[] messages;

        private final AtomicInteger ids = new AtomicInteger();

        /**
         * Builds a text message from every conversation of {@code keys}.
         *
         * @param keys the conversations
         */
        public UpdateSource(Keys keys) {
            Updates updates = new Updates(Clock.systemUTC());
            messages = new Message[keys.size()];
            for (int i = 0; i < messages.length; i++) {
                messages[i] = updates.text(keys.get(i).userId(), "Ann").getMessage();
            }
        }

        /**
         * An update from conversation {@code i}.
         *
         * @param i the conversation's index
         * @return the update
         */
        public Update next(int i) {
            Update update = new Update();
            update.setUpdateId(ids.incrementAndGet());
            update.setMessage(messages[i]);
            return update;
        }
    }
}
