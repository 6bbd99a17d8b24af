package dev.tgfsm.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * A {@link TelegramClient} that talks to no server: it records every call a bot makes and answers
 * with what Telegram would plausibly return (a sent message with a fresh id, {@code true} for
 * actions), so bots can be tested, or run in a console, without Telegram.
 *
 * <p>Answers are built as Bot API JSON and parsed by the request's own
 * {@code deserializeResponse}, so the bot gets exactly the types the real client returns. A text
 * over 4,096 characters is refused with 400 "message is too long", as Telegram does.
 * Thread-safe.
 */
public final class RecordingTelegramClient {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ObjectMapper mapper = JsonMapper.builder().build();

    private final List<BotCall> calls = new CopyOnWriteArrayList<>();

    private final List<Consumer<BotCall>> listeners = new CopyOnWriteArrayList<>();

    private final Map<String, Queue<String>> failures = new ConcurrentHashMap<>();

    private final AtomicInteger messageIds = new AtomicInteger(1000);

    private final Clock clock;

    private final long botId;

    private final TelegramClient client;

    /**
     * Creates a recording client.
     *
     * @param botId the id {@code getMe} reports
     * @param clock dates sent messages
     */
    public RecordingTelegramClient(long botId, Clock clock) {
        this.botId = botId;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        InvocationHandler handler = this::invoke;
        this.client = (TelegramClient) Proxy.newProxyInstance(TelegramClient.class.getClassLoader(),
                new Class<?>[]{TelegramClient.class}, handler);
    }

    /**
     * Returns the client to give to the bot.
     *
     * @return the client
     */
    public TelegramClient client() {
        return client;
    }

    /**
     * Returns every call made so far, oldest first.
     *
     * @return a snapshot of the calls
     */
    public List<BotCall> calls() {
        return List.copyOf(calls);
    }

    /**
     * Returns the calls of one method.
     *
     * @param method the method name, any case
     * @return the calls, oldest first
     */
    public List<BotCall> calls(String method) {
        return calls.stream().filter(c -> c.is(method)).toList();
    }

    /**
     * Returns the texts of every message sent or edited so far.
     *
     * @return the texts, oldest first
     */
    public List<String> texts() {
        return calls.stream().filter(c -> c.text() != null).map(BotCall::text).toList();
    }

    /**
     * Forgets the calls recorded so far.
     */
    public void reset() {
        calls.clear();
    }

    /**
     * Adds a listener told of every call as it happens (the console prints replies this way).
     *
     * @param listener the listener
     */
    public void onCall(Consumer<BotCall> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    /**
     * Makes the next call of a method fail as the Bot API would ({@code ok: false}, error code 400),
     * so the request's own parsing throws a {@code TelegramApiRequestException} with the
     * description. The failed call is recorded with the error as its result.
     *
     * @param method the Bot API method, for example {@code "editMessageText"}
     * @param description the error, for example {@code "Bad Request: message to edit not found"}
     */
    public void failNext(String method, String description) {
        Objects.requireNonNull(description, "description must not be null");
        failures.computeIfAbsent(method.toLowerCase(Locale.ROOT), k -> new ConcurrentLinkedQueue<>())
                .add(description);
    }

    /** The longest text Telegram accepts in a message, in characters. */
    private static final int MAX_TEXT = 4096;

    private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "RecordingTelegramClient";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (args == null || args.length != 1 || !(args[0] instanceof PartialBotApiMethod<?> request)) {
            throw new TelegramApiException("The recording client does not support " + method.getName());
        }
        Object result = record(request);
        return method.getName().endsWith("Async") ? CompletableFuture.completedFuture(result) : result;
    }

    private Object record(PartialBotApiMethod<?> request) throws TelegramApiException {
        String name = request.getMethod().toLowerCase(Locale.ROOT);
        Map<String, Object> params = mapper.convertValue(request, MAP);
        params.remove("method");
        Queue<String> failing = failures.get(name);
        String failure = failing != null ? failing.poll() : null;
        if (failure == null && params.get("text") instanceof String text && text.length() > MAX_TEXT
                && (name.startsWith("send") || name.startsWith("edit"))) {
            failure = "Bad Request: message is too long";
        }
        if (failure != null) {
            Map<String, Object> error = Map.of("ok", false, "error_code", 400, "description", failure);
            calls.add(new BotCall(name, request, params, error));
            try {
                request.deserializeResponse(mapper.writeValueAsString(error));
            }
            catch (JsonProcessingException ex) {
                throw new TelegramApiException("Cannot build an error for " + name, ex);
            }
            throw new TelegramApiException("The Bot API refused " + name + ": " + failure);
        }
        Object plainResult = answer(name, params);
        String json;
        try {
            json = mapper.writeValueAsString(Map.of("ok", true, "result", plainResult));
        }
        catch (JsonProcessingException ex) {
            throw new TelegramApiException("Cannot build an answer for " + name, ex);
        }
        Object typed = request.deserializeResponse(json);
        BotCall call = new BotCall(name, request, params, plainResult);
        calls.add(call);
        for (Consumer<BotCall> listener : listeners) {
            listener.accept(call);
        }
        return typed;
    }

    private Object answer(String name, Map<String, Object> params) {
        if (name.equals("getme")) {
            return Map.of("id", botId, "is_bot", true, "first_name", "tgfsm", "username", "tgfsm_bot");
        }
        if (name.equals("copymessage")) {
            return Map.of("message_id", messageIds.incrementAndGet());
        }
        if (name.equals("sendmediagroup")) {
            return new ArrayList<>(List.of(message(params, messageIds.incrementAndGet())));
        }
        if (name.startsWith("send") && !name.equals("sendchataction")) {
            return message(params, messageIds.incrementAndGet());
        }
        if (name.startsWith("edit") && params.get("message_id") != null) {
            return message(params, Integer.parseInt(params.get("message_id").toString()));
        }
        return Boolean.TRUE;
    }

    private Map<String, Object> message(Map<String, Object> params, int id) {
        long chatId = 0;
        Object chat = params.get("chat_id");
        if (chat != null) {
            try {
                chatId = Long.parseLong(chat.toString());
            }
            catch (NumberFormatException ex) {
                chatId = 0;
            }
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", id);
        message.put("date", clock.instant().getEpochSecond());
        message.put("chat", Map.of("id", chatId, "type", chatId < 0 ? "supergroup" : "private"));
        message.put("from", Map.of("id", botId, "is_bot", true, "first_name", "tgfsm"));
        if (params.get("text") != null) {
            message.put("text", params.get("text"));
        }
        if (params.get("reply_markup") instanceof Map<?, ?> markup && markup.containsKey("inline_keyboard")) {
            message.put("reply_markup", params.get("reply_markup"));
        }
        if (params.get("question") != null) {
            message.put("poll", poll(params, id));
        }
        return message;
    }

    /** A sent poll as Telegram describes it, with the id {@code poll-<message id>}. */
    private static Map<String, Object> poll(Map<String, Object> params, int id) {
        List<Map<String, Object>> options = new ArrayList<>();
        if (params.get("options") instanceof List<?> given) {
            for (Object option : given) {
                options.add(Map.of("text", String.valueOf(option instanceof Map<?, ?> m ? m.get("text") : option),
                        "voter_count", 0));
            }
        }
        Map<String, Object> poll = new LinkedHashMap<>();
        poll.put("id", "poll-" + id);
        poll.put("question", String.valueOf(params.get("question")));
        poll.put("options", options);
        poll.put("total_voter_count", 0);
        poll.put("is_closed", false);
        poll.put("is_anonymous", !Boolean.FALSE.equals(params.get("is_anonymous")));
        poll.put("type", "regular");
        poll.put("allows_multiple_answers", false);
        return poll;
    }
}
