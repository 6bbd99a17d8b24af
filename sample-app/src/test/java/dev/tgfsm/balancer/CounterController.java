package dev.tgfsm.balancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.annotation.Text;
import dev.tgfsm.context.FsmContext;

/**
 * Counts a user's updates in the order they were applied: each message (or button press) carries
 * its sequence number as text; the handler appends it to the conversation's {@value #SEEN} list, and
 * its instance's name to the {@value #BY} list, and replies {@code "<n> by <instance>"}. The final list shows whether every update's effect was
 * applied exactly once and in which order.
 */
@BotController
public class CounterController {

    /** The data entry with the sequence numbers in the order they were applied. */
    public static final String SEEN = "seen";

    /** The data entry with the instance that applied each of them. */
    public static final String BY = "by";

    private final String instance;

    /**
     * Creates the controller.
     *
     * @param instance the name of this instance, shown in each reply
     */
    public CounterController(@Value("${counter.instance:?}") String instance) {
        this.instance = instance;
    }

    /**
     * Applies a message.
     *
     * @param text the sequence number
     * @param context the conversation
     * @return the reply
     */
    @OnMessage
    public String message(@Text String text, FsmContext context) {
        return apply(text, context);
    }

    /**
     * Applies a button press.
     *
     * @param data the sequence number
     * @param context the conversation
     * @return the reply
     */
    @OnCallback
    public String press(@Text String data, FsmContext context) {
        return apply(data, context);
    }

    private String apply(String text, FsmContext context) {
        context.updateData(Map.of(SEEN, appended(context.getValue(SEEN), Integer.parseInt(text.trim())),
                BY, appended(context.getValue(BY), instance)));
        return reply(text.trim(), instance);
    }

    private static List<Object> appended(Object stored, Object value) {
        List<Object> list = new ArrayList<>();
        if (stored instanceof List<?> old) {
            list.addAll(old);
        }
        list.add(value);
        return list;
    }

    /**
     * The reply to one update.
     *
     * @param sequence the update's sequence number
     * @param instance the instance that applied it
     * @return the text
     */
    public static String reply(String sequence, String instance) {
        return sequence + " by " + instance;
    }
}
