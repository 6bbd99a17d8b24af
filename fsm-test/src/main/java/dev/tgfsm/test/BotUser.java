package dev.tgfsm.test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.testing.BotCall;

/**
 * One user of the bot under test, made by {@link BotTester#user}: sends text, presses buttons and
 * asserts what the bot did. Every action hands one update to the bot and waits until it is
 * committed; the <em>replies</em> are then the texts the bot sent or edited in this user's chat
 * while handling it. Assertions throw {@link AssertionError} and return this user, so a
 * conversation reads as a chain:
 *
 * <pre>{@code
 * tester.user(42).sends("/order").expectReply("What product?").expectKeyboard("Widget", "Gadget")
 *         .presses("Gadget").expectState("order:quantity");
 * }</pre>
 */
public final class BotUser {

    private final BotTester tester;

    private final long userId;

    private final long chatId;

    private List<BotCall> lastCalls = List.of();

    BotUser(BotTester tester, long userId, long chatId) {
        this.tester = tester;
        this.userId = userId;
        this.chatId = chatId;
    }

    /**
     * Sends a text message (a command when it starts with {@code /}).
     *
     * @param text the text
     * @return this user
     */
    public BotUser sends(String text) {
        return receives(tester.updates().text(chatId, userId, text));
    }

    /**
     * Presses a button of the last keyboard the bot showed in this chat: an inline button sends its
     * callback data from the message that carries it, a reply-keyboard button sends its label.
     *
     * @param label the button's text, exactly
     * @return this user
     * @throws AssertionError if the last keyboard has no such button, or it opens a URL
     */
    @SuppressWarnings("unchecked")
    public BotUser presses(String label) {
        BotCall shown = lastKeyboardCall();
        if (shown == null) {
            throw new AssertionError("No keyboard was shown in chat " + chatId + " to press '" + label + "' on");
        }
        Map<String, Object> markup = (Map<String, Object>) shown.params().get("reply_markup");
        boolean inline = markup.containsKey("inline_keyboard");
        for (Object row : rows(markup)) {
            for (Object cell : (List<Object>) row) {
                Map<String, Object> button = (Map<String, Object>) cell;
                if (!label.equals(button.get("text"))) {
                    continue;
                }
                if (!inline) {
                    return sends(label);
                }
                if (!(button.get("callback_data") instanceof String data)) {
                    throw new AssertionError("Button '" + label + "' sends no callback data: " + button);
                }
                return receives(tester.updates().callback(chatId, userId, messageId(shown), data));
            }
        }
        throw new AssertionError("No button '" + label + "' in the last keyboard " + keyboard());
    }

    /**
     * Hands any update to the bot, for kinds the tester does not build (see
     * {@link BotTester#updates()}); its replies are those in this user's chat.
     *
     * @param update the update
     * @return this user
     */
    public BotUser receives(Update update) {
        int before = tester.calls().size();
        tester.dispatch(update);
        keepCallsSince(before);
        return this;
    }

    /**
     * Lets time pass without a word from this user (see {@link BotTester#advanceTime}); the replies
     * are then the idle-timeout warnings or expiries sent to this chat.
     *
     * @param amount how long
     * @return this user
     */
    public BotUser idles(Duration amount) {
        int before = tester.calls().size();
        tester.advanceTime(amount);
        keepCallsSince(before);
        return this;
    }

    /**
     * Returns the texts the bot sent or edited in this chat during the last action, in order.
     *
     * @return the replies, empty if none
     */
    public List<String> replies() {
        return lastCalls.stream().map(BotCall::text).filter(Objects::nonNull).toList();
    }

    /**
     * Returns the last reply of the last action.
     *
     * @return its text
     * @throws AssertionError if the bot did not answer
     */
    public String lastReply() {
        List<String> replies = replies();
        if (replies.isEmpty()) {
            throw new AssertionError("The bot did not answer in chat " + chatId);
        }
        return replies.get(replies.size() - 1);
    }

    /**
     * Returns the Bot API calls the bot made in this chat during the last action, for assertions
     * the tester does not offer (photos, parse modes, deletions).
     *
     * @return the calls, in order
     */
    public List<BotCall> calls() {
        return lastCalls;
    }

    /**
     * Asserts that the bot answered the last action with exactly this one text.
     *
     * @param text the expected reply
     * @return this user
     */
    public BotUser expectReply(String text) {
        return expectReplies(text);
    }

    /**
     * Asserts that the bot answered the last action with exactly these texts, in order.
     *
     * @param texts the expected replies
     * @return this user
     */
    public BotUser expectReplies(String... texts) {
        List<String> expected = Arrays.asList(texts);
        if (!replies().equals(expected)) {
            throw failure("Replies", expected, replies());
        }
        return this;
    }

    /**
     * Asserts that the bot sent or edited nothing in this chat during the last action.
     *
     * @return this user
     */
    public BotUser expectNoReply() {
        return expectReplies();
    }

    /**
     * Returns the labels of the last keyboard the bot showed in this chat (inline or reply
     * keyboard), row by row; empty when there is none or it was removed.
     *
     * @return the labels
     */
    @SuppressWarnings("unchecked")
    public List<List<String>> keyboard() {
        BotCall shown = lastKeyboardCall();
        if (shown == null) {
            return List.of();
        }
        List<List<String>> labels = new ArrayList<>();
        for (Object row : rows((Map<String, Object>) shown.params().get("reply_markup"))) {
            labels.add(((List<Map<String, Object>>) row).stream().map(b -> String.valueOf(b.get("text"))).toList());
        }
        return labels;
    }

    /**
     * Asserts the labels of the last keyboard, all rows read left to right, top to bottom.
     *
     * @param labels the expected labels
     * @return this user
     */
    public BotUser expectKeyboard(String... labels) {
        List<String> actual = keyboard().stream().flatMap(List::stream).toList();
        List<String> expected = Arrays.asList(labels);
        if (!actual.equals(expected)) {
            throw failure("Keyboard", expected, actual);
        }
        return this;
    }

    /**
     * Returns the conversation's state, read from the storage.
     *
     * @return the state id, {@code null} for none
     */
    public @Nullable String state() {
        return tester.context(chatId, userId).getState();
    }

    /**
     * Asserts the conversation's state.
     *
     * @param state the expected state id (for example {@code "order:quantity"}), {@code null} for none
     * @return this user
     */
    public BotUser expectState(@Nullable String state) {
        String actual = state();
        if (!Objects.equals(actual, state)) {
            throw failure("State", state, actual);
        }
        return this;
    }

    /**
     * Returns the conversation's data, read from the storage.
     *
     * @return the data
     */
    public Map<String, @Nullable Object> data() {
        return tester.context(chatId, userId).getData();
    }

    /**
     * Asserts one value of the conversation's data. The name is a key, or a path of keys through
     * nested maps separated by dots: a flow keeps what it collected under
     * {@code flow:<name>.values}, so {@code "flow:order.values.product"}. Numbers are compared by
     * value, so {@code 12} matches a stored {@code 12L}.
     *
     * @param name the key or path
     * @param value the expected value, {@code null} for a missing one
     * @return this user
     */
    public BotUser expectData(String name, @Nullable Object value) {
        Object actual = value(data(), name);
        boolean same = actual instanceof Number a && value instanceof Number e
                ? new BigDecimal(a.toString()).compareTo(new BigDecimal(e.toString())) == 0
                : Objects.equals(actual, value);
        if (!same) {
            throw failure("Data '" + name + "'", value, actual);
        }
        return this;
    }

    /** The value at a key, or at a dotted path through nested maps. */
    private static @Nullable Object value(Map<String, ?> data, String path) {
        if (data.containsKey(path)) {
            return data.get(path);
        }
        int dot = path.indexOf('.');
        while (dot > 0) {
            if (data.get(path.substring(0, dot)) instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> inner = (Map<String, ?>) nested;
                return value(inner, path.substring(dot + 1));
            }
            dot = path.indexOf('.', dot + 1);
        }
        return null;
    }

    private AssertionFailedError failure(String what, @Nullable Object expected, @Nullable Object actual) {
        return new AssertionFailedError(what + " in chat " + chatId + " ==> expected: <" + expected + "> but was: <"
                + actual + ">", expected, actual);
    }

    private void keepCallsSince(int before) {
        List<BotCall> calls = tester.calls();
        lastCalls = calls.subList(before, calls.size()).stream().filter(this::inThisChat).toList();
    }

    private boolean inThisChat(BotCall call) {
        return String.valueOf(chatId).equals(call.param("chat_id"));
    }

    /** The latest call in this chat that set a keyboard; {@code null} if none or it was removed. */
    private @Nullable BotCall lastKeyboardCall() {
        List<BotCall> calls = tester.calls();
        for (int i = calls.size() - 1; i >= 0; i--) {
            BotCall call = calls.get(i);
            if (inThisChat(call) && call.params().get("reply_markup") instanceof Map<?, ?> markup) {
                return markup.containsKey("inline_keyboard") || markup.containsKey("keyboard") ? call : null;
            }
        }
        return null;
    }

    private static List<?> rows(Map<String, Object> markup) {
        Object rows = markup.containsKey("inline_keyboard") ? markup.get("inline_keyboard") : markup.get("keyboard");
        return rows instanceof List<?> list ? list : List.of();
    }

    private static int messageId(BotCall call) {
        if (call.result() instanceof Map<?, ?> message && message.get("message_id") instanceof Number id) {
            return id.intValue();
        }
        return Integer.parseInt(Objects.requireNonNull(call.param("message_id"), "message_id"));
    }
}
