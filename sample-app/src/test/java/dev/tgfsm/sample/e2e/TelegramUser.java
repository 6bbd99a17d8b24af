package dev.tgfsm.sample.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.LocalBotApiServer.Request;

/**
 * One user of a private chat, talking to the bot through a {@link LocalBotApiServer}: each message
 * or button press is queued for {@code getUpdates}, and the call returns, once the bot has finished
 * the update, the Bot API requests it made for this chat.
 */
public final class TelegramUser {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final AtomicInteger MESSAGE_IDS = new AtomicInteger(900_000);

    private final LocalBotApiServer api;

    private final CompletedUpdates completed;

    private final long id;

    private volatile int lastUpdateId;

    /**
     * Creates the user.
     *
     * @param api the server the bot polls
     * @param completed tells when the bot has finished an update
     * @param id the user's id, also the chat's
     */
    public TelegramUser(LocalBotApiServer api, CompletedUpdates completed, long id) {
        this.api = api;
        this.completed = completed;
        this.id = id;
    }

    /**
     * Sends a text message.
     *
     * @param text the text
     * @return the requests the bot made for this chat while handling it
     */
    public List<Request> say(String text) {
        int before = api.requests().size();
        return repliesSince(before, api.enqueueMessage(id, text));
    }

    /**
     * Sends a message with non-text content, as Telegram does: for example {@code "contact"} with the
     * shared contact's fields.
     *
     * @param field the content's field of the Bot API message ({@code photo}, {@code contact}, …)
     * @param content its value as Bot API JSON
     * @return the requests the bot made for this chat while handling it
     */
    public List<Request> sends(String field, Object content) {
        int before = api.requests().size();
        return repliesSince(before, api.enqueue(Map.of("message", message(field, content))));
    }

    /**
     * Edits one of this user's messages: the new content arrives as an {@code edited_message}.
     *
     * @param field the content's field of the Bot API message ({@code text}, {@code photo}, …)
     * @param content its new value as Bot API JSON
     * @return the requests the bot made for this chat while handling it
     */
    public List<Request> edits(String field, Object content) {
        Map<String, Object> message = new LinkedHashMap<>(message(field, content));
        message.put("edit_date", Instant.now().getEpochSecond());
        int before = api.requests().size();
        return repliesSince(before, api.enqueue(Map.of("edited_message", message)));
    }

    private Map<String, Object> message(String field, Object content) {
        return Map.of("message_id", MESSAGE_IDS.incrementAndGet(), "date", Instant.now().getEpochSecond(),
                "chat", Map.of("id", id, "type", "private"), "from",
                Map.of("id", id, "is_bot", false, "first_name", "User" + id),
                field, content);
    }

    /**
     * Votes in a poll, as Telegram reports it: a {@code poll_answer} update (no message, no chat).
     *
     * @param pollId the poll
     * @param option the chosen option's index
     * @return the requests the bot made for this chat while handling it
     */
    public List<Request> votes(String pollId, int option) {
        int before = api.requests().size();
        return repliesSince(before, api.enqueue(Map.of("poll_answer", Map.of("poll_id", pollId,
                "user", Map.of("id", id, "is_bot", false, "first_name", "User" + id), "option_ids", List.of(option)))));
    }

    /**
     * Presses a button of the newest inline keyboard sent to this chat.
     *
     * @param label the button's text
     * @return the requests the bot made for this chat while handling it
     */
    public List<Request> press(String label) {
        Request keyboard = lastKeyboard();
        for (List<Map<String, Object>> row : rows(keyboard)) {
            for (Map<String, Object> button : row) {
                if (label.equals(button.get("text"))) {
                    int before = api.requests().size();
                    return repliesSince(before,
                            api.enqueueCallback(id, keyboard.messageId(), (String) button.get("callback_data")));
                }
            }
        }
        throw new AssertionError("No button '" + label + "' in the last keyboard: " + keyboard);
    }

    /**
     * Returns the newest message with an inline keyboard sent to this chat.
     *
     * @return the request that sent it
     */
    public Request lastKeyboard() {
        List<Request> sent = api.requests("sendMessage");
        for (int i = sent.size() - 1; i >= 0; i--) {
            Request request = sent.get(i);
            if (String.valueOf(id).equals(request.param("chat_id")) && !rows(request).isEmpty()) {
                return request;
            }
        }
        throw new AssertionError("No keyboard was sent to " + id);
    }

    /**
     * Waits until the bot has polled past an update, so that a restart cannot deliver it again.
     *
     * @param updateId the update
     */
    public void awaitConfirmed(int updateId) {
        while (true) {
            // one snapshot for the check and the count, so a poll arriving in between is not missed
            List<Request> polls = api.requests("getUpdates");
            if (polls.stream()
                    .anyMatch(r -> r.param("offset") != null && Integer.parseInt(r.param("offset")) > updateId)) {
                return;
            }
            api.awaitRequests("getUpdates", polls.size() + 1, WAIT);
        }
    }

    /**
     * Returns the texts of the messages among some requests.
     *
     * @param requests requests of one update
     * @return the texts of {@code sendMessage} and {@code editMessageText}, joined with {@code " | "}
     */
    public static String texts(List<Request> requests) {
        return requests.stream().filter(r -> r.method().equals("sendmessage") || r.method().equals("editmessagetext"))
                .map(r -> r.param("text")).collect(Collectors.joining(" | "));
    }

    /**
     * Returns the button labels of a message's inline keyboard, row by row.
     *
     * @param request the request that sent the message
     * @return the labels, empty without an inline keyboard
     */
    public static List<List<Object>> labels(Request request) {
        return rows(request).stream().map(row -> row.stream().map(b -> b.get("text")).toList()).toList();
    }

    /**
     * Returns the reply markup of a request as JSON fields, whether it came as JSON or as text.
     *
     * @param request the request
     * @return the markup, empty without one
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> markup(Request request) {
        Object markup = request.params().get("reply_markup");
        if (markup instanceof String text && !text.isBlank()) {
            try {
                return JSON.readValue(text, Map.class);
            }
            catch (JsonProcessingException ex) {
                throw new AssertionError("reply_markup is not JSON: " + text, ex);
            }
        }
        return markup instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<List<Map<String, Object>>> rows(Request request) {
        Object rows = markup(request).get("inline_keyboard");
        return rows instanceof List<?> list ? (List<List<Map<String, Object>>>) list : List.of();
    }

    /**
     * Returns the id of the last update this user sent.
     *
     * @return the update id
     */
    public int lastUpdateId() {
        return lastUpdateId;
    }

    private List<Request> repliesSince(int before, int updateId) {
        lastUpdateId = updateId;
        completed.await(updateId, WAIT);
        List<Request> all = api.requests();
        return all.subList(before, all.size()).stream()
                .filter(r -> String.valueOf(id).equals(r.param("chat_id"))).toList();
    }
}
