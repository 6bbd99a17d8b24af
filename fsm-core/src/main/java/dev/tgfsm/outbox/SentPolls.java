package dev.tgfsm.outbox;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.Internal;
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;

/**
 * The polls the bot sent in a conversation through its {@link Outbox} ({@code sendPoll}), numbered
 * in the order their delivery became known: a flow step that takes a vote notes the number at its
 * prompt and takes only votes in polls numbered after it. Kept in the main record's metadata
 * ({@value #META}) as the count and the ids of the last {@value #KEPT} polls.
 *
 * <p>Polls are recorded wherever tgfsm sees the {@code sendPoll} answer: the outbox's delivery, and
 * {@code Director.execute} (recorded in the update's own commit, as sent with whatever the update
 * prompts: {@link #DURING_UPDATE}). A poll sent through a {@code TelegramClient} directly is not
 * seen, and, as every delivery follow-up, the record of an outbox poll is lost if the process dies
 * before the delivery's acknowledgement is stored. So a step takes a vote by this rule
 * ({@link #takes}): a vote in a poll recorded since its prompt; and, while no poll is recorded since
 * its prompt, a vote in a poll the conversation has no record of (Telegram sends {@code poll_answer}
 * only for the bot's own non-anonymous polls, so that is the step's unrecorded poll, unless the user
 * voted in another poll of the bot that this conversation never recorded, in a group or more than
 * {@value #KEPT} polls ago). A poll recorded before the prompt never counts.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class SentPolls {

    /** The metadata entry of the main record holding the sent polls. */
    public static final String META = "polls";

    /** How many of the latest poll ids are kept. */
    public static final int KEPT = 10;

    private SentPolls() {
    }

    /**
     * Returns how many polls the bot sent in the conversation so far.
     *
     * @param main the conversation's main context
     * @return the count
     */
    public static long count(FsmContext main) {
        return stored(main).get("count") instanceof Number n ? n.longValue() : 0;
    }

    /**
     * The update attribute ({@code UpdateContext.attribute}) counting the polls recorded with
     * {@link #recordSent} while the update was handled, as a {@link Long}: a step prompted in the
     * same update notes the count without them, so they count as sent with its prompt.
     */
    public static final String DURING_UPDATE = "tgfsm.polls.recordedDuringUpdate";

    /**
     * Tells whether a step whose prompt noted {@code noted} takes a vote in a poll: a poll recorded
     * since the prompt, or, while none is, a poll the conversation has no record of (see the class
     * description).
     *
     * @param main the conversation's main context
     * @param pollId the poll voted in
     * @param noted what {@link #count} returned at the step's prompt
     * @return {@code true} if the vote answers the step
     */
    public static boolean takes(FsmContext main, String pollId, long noted) {
        return sentAfter(main, pollId, noted) || (count(main) <= noted && !ids(main).contains(pollId));
    }

    /**
     * Records a poll the bot sent outside the outbox, from the answer to its {@code sendPoll}.
     *
     * @param main the conversation's main context (committed with the update)
     * @param sent the Bot API's answer
     * @return {@code true} if it carried a poll, which is now recorded
     */
    public static boolean recordSent(FsmContext main, @Nullable Object sent) {
        if (!(sent instanceof Message message) || message.getPoll() == null || message.getPoll().getId() == null) {
            return false;
        }
        record(main, message.getPoll().getId());
        return true;
    }

    /**
     * Tells whether a poll is one of those the bot sent after a count was noted.
     *
     * @param main the conversation's main context
     * @param pollId the poll voted in
     * @param noted what {@link #count} returned before
     * @return {@code true} if the poll was sent later
     */
    public static boolean sentAfter(FsmContext main, String pollId, long noted) {
        List<String> ids = ids(main);
        long count = count(main);
        for (int i = 0; i < ids.size(); i++) {
            long number = count - ids.size() + i + 1;
            if (number > noted && ids.get(i).equals(pollId)) {
                return true;
            }
        }
        return false;
    }

    /** Wraps what to do after a call was delivered so that a sent poll is also recorded. */
    static @Nullable OnSent<Serializable> recording(@Nullable OnSent<Serializable> onSent) {
        return result -> {
            Consumer<FsmContext> then = onSent != null ? onSent.sent(result) : null;
            if (!(result instanceof Message message) || message.getPoll() == null
                    || message.getPoll().getId() == null) {
                return then;
            }
            String pollId = message.getPoll().getId();
            return main -> {
                record(main, pollId);
                if (then != null) {
                    then.accept(main);
                }
            };
        };
    }

    private static void record(FsmContext main, String pollId) {
        List<String> ids = new ArrayList<>(ids(main));
        ids.add(pollId);
        while (ids.size() > KEPT) {
            ids.remove(0);
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("count", count(main) + 1);
        stored.put("ids", ids);
        EngineContext.of(main).setMeta(META, stored);
    }

    private static List<String> ids(FsmContext main) {
        List<String> ids = new ArrayList<>();
        if (stored(main).get("ids") instanceof List<?> list) {
            list.forEach(id -> ids.add(String.valueOf(id)));
        }
        return ids;
    }

    private static Map<?, ?> stored(FsmContext main) {
        return EngineContext.of(main).getMeta(META) instanceof Map<?, ?> map ? map : Map.of();
    }
}
