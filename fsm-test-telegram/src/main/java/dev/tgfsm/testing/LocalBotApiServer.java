package dev.tgfsm.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * A small, self-contained HTTP server that speaks enough of the Telegram Bot API for end-to-end
 * tests with the real TelegramBots clients.
 *
 * <ul>
 * <li>Requests go to {@code /bot<token>/<method>}; method names are case-insensitive. Parameters are
 * read from the query string, a JSON body or a form body.</li>
 * <li>{@code getUpdates} is long-polled: it answers at once with the queued updates whose id is at
 * least {@code offset} (updates below it are confirmed and forgotten), else holds the request until one
 * is queued or {@code timeout} seconds pass. As on Telegram, a new {@code getUpdates} ends a pending one
 * with {@code 409 Conflict}, so a client that was shut down never swallows updates.</li>
 * <li>{@code getMe} describes a bot whose id is the token's numeric prefix; {@code sendMessage},
 * {@code editMessageText} and the other {@code send*} methods answer with a message dated by the
 * server's clock ({@code sendMediaGroup} with a list of one, {@code sendChatAction} with
 * {@code true}), or, as Telegram does, with 400 "message is too long" for a text over 4,096
 * characters; {@code deleteMessages}, {@code answerCallbackQuery} and every other method answer
 * {@code true}.</li>
 * <li>{@code deleteWebhook} and {@code setWebhook} with {@code drop_pending_updates=true} drop the
 * queued updates, as Telegram does.</li>
 * <li>{@link #confirmedOffset()} tells which updates a client has confirmed, {@link #unconfirmed()}
 * which are still queued; {@link #enqueueJson} queues raw JSON, malformed updates included.</li>
 * <li>Every request is recorded (method, parameters, answer, arrival time) for assertions;
 * {@link #awaitRequests} waits for them with a bounded timeout.</li>
 * <li>{@link #answerTooManyRequests} makes the next calls to a chat fail as Telegram's flood control
 * does: {@code 429 Too Many Requests} with {@code parameters.retry_after}; they are recorded with a
 * {@code null} answer.</li>
 * <li>{@link #holdSending} leaves the sending calls to a chat unanswered (received, not confirmed)
 * until {@link #releaseSending}, to stop a bot between a call reaching Telegram and its answer.</li>
 * </ul>
 *
 * <p>Start it with {@link #start()}, point {@code tgfsm.bot.api-url} at {@link #url()}, queue updates
 * with {@link #enqueue}, {@link #enqueueJson} (any JSON, also kinds no client knows) or
 * {@link #enqueueMessage}, and close it after the test. Thread-safe.
 */
public final class LocalBotApiServer implements AutoCloseable {

    /**
     * One request the server received, with what it answered.
     *
     * @param method the Bot API method, lower case (for example {@code sendmessage})
     * @param token the bot token of the request's path
     * @param params the parameters, from the query string and the JSON or form body
     * @param result the {@code result} answered; {@code null} for {@code getUpdates} (recorded before
     *        it is answered) and for a refused call (400 or 429)
     * @param atMillis when the request arrived, in epoch milliseconds of the system clock
     */
    public record Request(String method, String token, Map<String, Object> params, @Nullable Object result,
            long atMillis) {

        Request(String method, String token, Map<String, Object> params, @Nullable Object result) {
            this(method, token, params, result, System.currentTimeMillis());
        }

        /**
         * Returns the id of the message this request sent or edited.
         *
         * @return the message id, or {@code null} if the answer was not a message
         */
        public @Nullable Integer messageId() {
            return result instanceof Map<?, ?> message && message.get("message_id") instanceof Number id
                    ? id.intValue() : null;
        }

        /**
         * Returns a parameter as text.
         *
         * @param name the parameter
         * @return its value as a string, or {@code null}
         */
        public @Nullable String param(String name) {
            Object value = params.get(name);
            return value == null ? null : String.valueOf(value);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool((r) -> {
        Thread t = new Thread(r, "local-bot-api");
        t.setDaemon(true);
        return t;
    });

    private final List<Request> requests = new ArrayList<>();

    private final List<Map<String, Object>> queue = new ArrayList<>();

    private final AtomicInteger nextUpdateId = new AtomicInteger(1);

    private final AtomicInteger nextMessageId = new AtomicInteger(1000);

    private long pollGeneration;

    private int confirmedOffset;

    private final Set<String> refusedTokens = ConcurrentHashMap.newKeySet();

    private final AtomicInteger refusedRequests = new AtomicInteger();

    private final AtomicInteger failedRequests = new AtomicInteger();

    private volatile int failWith;

    private final Map<String, int[]> tooManyRequests = new ConcurrentHashMap<>();

    private final Set<String> heldChats = ConcurrentHashMap.newKeySet();

    /** Requests being read, not yet recorded or answered. */
    private int reading;

    /** When the last request arrived ({@link System#nanoTime()}). */
    private long lastArrival = System.nanoTime();

    private boolean closed;

    private final Clock clock;

    private LocalBotApiServer(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /**
     * Starts a server on a free loopback port.
     *
     * @return the running server
     * @throws IOException if no port can be bound
     */
    public static LocalBotApiServer start() throws IOException {
        return start(0);
    }

    /**
     * Starts a server on a given loopback port, for a test whose application was pointed at the port
     * before the server came up.
     *
     * @param port the port, 0 for a free one
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static LocalBotApiServer start(int port) throws IOException {
        return start(port, Clock.systemUTC());
    }

    /**
     * Starts a server whose sent messages are dated by a given clock, for a test that moves time
     * (for example to make messages older than Telegram lets a bot delete).
     *
     * @param port the port, 0 for a free one
     * @param clock dates the messages the server answers with and the updates it builds
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static LocalBotApiServer start(int port, Clock clock) throws IOException {
        Objects.requireNonNull(clock, "clock must not be null");
        noDelay();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        LocalBotApiServer server = new LocalBotApiServer(http, clock);
        http.createContext("/", server::handle);
        http.setExecutor(server.executor);
        http.start();
        return server;
    }

    /**
     * Makes the JDK's HTTP server send its answers without waiting (TCP_NODELAY), unless set
     * otherwise: it writes an answer's headers and body separately, and with Nagle's algorithm the body
     * then waits for the client's delayed acknowledgement of the headers, 40 ms per call on Linux. Read
     * once, when the server's configuration class loads.
     */
    private static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * Returns the base URL, for {@code tgfsm.bot.api-url}.
     *
     * @return for example {@code http://127.0.0.1:38211}
     */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Returns the base URL as TelegramBots' {@link TelegramUrl}, for a client such as
     * {@code new OkHttpTelegramClient(token, server.telegramUrl())}.
     *
     * @return the URL
     */
    public TelegramUrl telegramUrl() {
        return new TelegramUrl("http", "127.0.0.1", server.getAddress().getPort(), false);
    }

    /**
     * Queues an update for {@code getUpdates}, giving it the next update id if it has none.
     *
     * @param update the update as Bot API JSON (a map)
     * @return the update id
     */
    public synchronized int enqueue(Map<String, Object> update) {
        Map<String, Object> copy = new LinkedHashMap<>(update);
        copy.putIfAbsent("update_id", nextUpdateId.getAndIncrement());
        queue.add(copy);
        notifyAll();
        return ((Number) copy.get("update_id")).intValue();
    }

    /**
     * Queues an update given as raw Bot API JSON, exactly as written (it may hold fields of unexpected
     * types, to test how a client copes), giving it the next update id if it has none.
     *
     * @param json one update as a JSON object
     * @return the update id
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public int enqueueJson(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> update = JSON.readValue(json, Map.class);
            if (!update.containsKey("update_id")) {
                update.put("update_id", nextUpdateId.getAndIncrement());
            }
            return enqueue(update);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("Not a JSON object: " + json, ex);
        }
    }

    /**
     * Answers the next {@code times} sending calls ({@code send*}, {@code edit*}, {@code copy*},
     * {@code forward*}) to a chat with {@code 429 Too Many Requests} and a {@code retry_after}.
     *
     * @param chat the chat
     * @param times how many calls to refuse
     * @param retryAfterSeconds the {@code retry_after} to answer
     */
    public void answerTooManyRequests(long chat, int times, int retryAfterSeconds) {
        tooManyRequests.put(String.valueOf(chat), new int[]{times, retryAfterSeconds});
    }

    /**
     * Holds the answers to the sending calls ({@code send*}, {@code edit*}, {@code copy*},
     * {@code forward*}) to a chat: each is recorded as received (Telegram got it) and then left
     * unanswered until {@link #releaseSending} or {@link #close()}, so a test can stop or kill a bot
     * while it waits for that answer.
     *
     * @param chat the chat
     */
    public void holdSending(long chat) {
        heldChats.add(String.valueOf(chat));
    }

    /**
     * Answers the held sending calls to a chat and stops holding new ones.
     *
     * @param chat the chat
     */
    public synchronized void releaseSending(long chat) {
        heldChats.remove(String.valueOf(chat));
        notifyAll();
    }

    /**
     * Answers every request made with this token {@code 401 Unauthorized}, as Telegram does for a
     * revoked token. Such requests are only counted ({@link #refusedRequests()}).
     *
     * @param token the token
     */
    public void refuseToken(String token) {
        refusedTokens.add(token);
    }

    /**
     * Answers every request with this HTTP status (a 5xx, as Telegram does while it is in trouble)
     * until called with 0. Such requests are only counted ({@link #failedRequests()}).
     *
     * @param status the status, or 0 to answer normally again
     */
    public void failWith(int status) {
        failWith = status;
    }

    /**
     * Returns how many requests were answered with the status of {@link #failWith}.
     *
     * @return the count
     */
    public int failedRequests() {
        return failedRequests.get();
    }

    /**
     * Returns how many requests were refused for their token.
     *
     * @return the count
     */
    public int refusedRequests() {
        return refusedRequests.get();
    }

    /**
     * Returns the highest {@code offset} a {@code getUpdates} has asked with: every update below it is
     * confirmed (and forgotten).
     *
     * @return the offset, 0 if none was given yet
     */
    public synchronized int confirmedOffset() {
        return confirmedOffset;
    }

    /**
     * Returns the ids of the updates queued and not yet confirmed.
     *
     * @return the ids, in order
     */
    public synchronized List<Integer> unconfirmed() {
        return queue.stream().map((u) -> ((Number) u.get("update_id")).intValue()).toList();
    }

    /**
     * Queues a private-chat text message from a user.
     *
     * @param userId the user, also the chat
     * @param text the text
     * @return the update id
     */
    public synchronized int enqueueMessage(long userId, String text) {
        int updateId = nextUpdateId.getAndIncrement();
        return enqueue(Map.of("update_id", updateId, "message",
                BotApiJson.textMessage(userId, userId, updateId, clock.instant().getEpochSecond(), text)));
    }

    /**
     * Queues a text message from a user in a chat (a group when the chat is not the user's own).
     *
     * @param chatId the chat
     * @param userId the user
     * @param text the text
     * @return the update id
     */
    public synchronized int enqueueMessage(long chatId, long userId, String text) {
        int updateId = nextUpdateId.getAndIncrement();
        return enqueue(Map.of("update_id", updateId, "message",
                BotApiJson.textMessage(chatId, userId, updateId, clock.instant().getEpochSecond(), text)));
    }

    /**
     * Queues a text message from a user in a group chat.
     *
     * @param chatId the group, a negative id
     * @param userId the user
     * @param text the text
     * @return the update id
     */
    public int enqueueGroupMessage(long chatId, long userId, String text) {
        return enqueueMessage(chatId, userId, text);
    }

    /**
     * Queues a press of an inline button in a private chat.
     *
     * @param userId the user, also the chat
     * @param messageId the message carrying the button
     * @param data the button's callback data
     * @return the update id
     */
    public synchronized int enqueueCallback(long userId, int messageId, String data) {
        int updateId = nextUpdateId.getAndIncrement();
        return enqueue(Map.of("update_id", updateId, "callback_query", BotApiJson.callbackQuery("cb" + updateId,
                userId, userId, messageId, clock.instant().getEpochSecond(), data)));
    }

    /**
     * Returns every request received so far.
     *
     * @return a copy, in arrival order
     */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * Returns the texts of the messages sent to a chat, in order.
     *
     * @param chat the chat
     * @return the texts of its {@code sendMessage} requests
     */
    public List<String> texts(long chat) {
        return requests("sendMessage").stream().filter((r) -> String.valueOf(chat).equals(r.param("chat_id")))
                .map((r) -> r.param("text")).toList();
    }

    /**
     * Waits until a message with a text was sent to a chat.
     *
     * @param chat the chat
     * @param text the text
     * @param timeout the longest wait
     * @throws AssertionError if none came in time
     */
    public void awaitText(long chat, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // count first, then look: a message sent in between is seen by the look or ends the wait
            int seen = requests("sendMessage").size();
            if (texts(chat).contains(text)) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No message '" + text + "' to " + chat + "; got " + texts(chat));
            }
            awaitRequests("sendMessage", seen + 1, Duration.ofNanos(left));
        }
    }

    /**
     * Returns the requests of one method.
     *
     * @param method the method, any case
     * @return a copy, in arrival order
     */
    public synchronized List<Request> requests(String method) {
        String m = method.toLowerCase(Locale.ROOT);
        return requests.stream().filter((r) -> r.method().equals(m)).toList();
    }

    /**
     * Waits until at least {@code count} requests of a method have arrived.
     *
     * @param method the method, any case
     * @param count how many
     * @param timeout the longest wait
     * @return those requests
     * @throws AssertionError if they did not arrive in time
     */
    public synchronized List<Request> awaitRequests(String method, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Request> found = requests(method);
        while (found.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Expected " + count + " " + method + " request(s) within " + timeout
                        + " but got " + found.size() + ": " + found);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + method, ex);
            }
            found = requests(method);
        }
        return found;
    }

    /**
     * Returns the {@code allowed_updates} of the first {@code getUpdates}, waiting for it.
     *
     * @param timeout the longest wait
     * @return the kinds asked for
     */
    public List<String> allowedUpdates(Duration timeout) {
        Request poll = awaitRequests("getUpdates", 1, timeout).get(0);
        return ((List<?>) poll.params().get("allowed_updates")).stream().map(String::valueOf).toList();
    }

    /**
     * Stops the server and ends pending long polls.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            pollGeneration++;
            notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    /** The longest message text Telegram accepts, in characters. */
    private static final int MAX_TEXT = 4096;

    private void handle(HttpExchange exchange) throws IOException {
        synchronized (this) {
            reading++;
            lastArrival = System.nanoTime();
        }
        boolean[] recorded = {false};
        try {
            answer(exchange, recorded);
        }
        finally {
            synchronized (this) {
                if (!recorded[0]) {
                    reading--;
                    notifyAll();
                }
            }
        }
    }

    /** Records a request read in full; it no longer counts as being read (a held send or long poll waits on). */
    private synchronized void record(Request request, boolean[] recorded) {
        requests.add(request);
        reading--;
        recorded[0] = true;
        notifyAll();
    }

    /**
     * Waits until the server is quiet: no request is being read and none arrived for {@code quiet}.
     * A client killed mid-send (as {@code kill -9} does) can leave a request in the server's socket
     * that is read and recorded only after the client is gone; a test that counts what a killed
     * process sent waits for this first.
     *
     * @param quiet how long no request may have arrived
     * @param timeout the longest wait
     * @throws AssertionError if the server was not quiet in time
     */
    public synchronized void awaitQuiet(Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            long quietFor = now - lastArrival;
            if (reading == 0 && quietFor >= quiet.toNanos()) {
                return;
            }
            if (now >= deadline) {
                throw new AssertionError("The server was not quiet for " + quiet + " within " + timeout + ": "
                        + reading + " request(s) being read");
            }
            long wait = reading == 0 ? quiet.toNanos() - quietFor : quiet.toNanos();
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, Math.min(wait, deadline - now)));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for a quiet server", ex);
            }
        }
    }

    /** How many requests are being read now (for this package's tests). */
    synchronized int reading() {
        return reading;
    }

    private void answer(HttpExchange exchange, boolean[] recorded) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (parts.length != 3 || !parts[1].startsWith("bot")) {
                respond(exchange, 404, Map.of("ok", false, "error_code", 404, "description", "Not Found"));
                return;
            }
            String token = parts[1].substring(3);
            String method = parts[2].toLowerCase(Locale.ROOT);
            int failure = failWith;
            if (failure != 0) {
                failedRequests.incrementAndGet();
                respond(exchange, failure, Map.of("ok", false, "error_code", failure, "description", "Bad Gateway"));
                return;
            }
            if (refusedTokens.contains(token)) {
                refusedRequests.incrementAndGet();
                respond(exchange, 401, Map.of("ok", false, "error_code", 401, "description", "Unauthorized"));
                return;
            }
            Map<String, Object> params = BotApiParams.of(exchange);
            if ((method.equals("sendmessage") || method.equals("editmessagetext"))
                    && String.valueOf(params.get("text")).length() > MAX_TEXT) {
                record(new Request(method, token, params, null), recorded);
                respond(exchange, 400, Map.of("ok", false, "error_code", 400, "description",
                        "Bad Request: message is too long"));
                return;
            }
            Integer retryAfter = tooManyRequests(method, params);
            if (retryAfter != null) {
                record(new Request(method, token, params, null), recorded);
                respond(exchange, 429, Map.of("ok", false, "error_code", 429, "description",
                        "Too Many Requests: retry after " + retryAfter, "parameters",
                        Map.of("retry_after", retryAfter)));
                return;
            }
            if ((method.equals("deletewebhook") || method.equals("setwebhook"))
                    && "true".equals(String.valueOf(params.get("drop_pending_updates")))) {
                synchronized (this) {
                    queue.clear();
                }
            }
            boolean poll = method.equals("getupdates");
            Object result = switch (method) {
                case "getupdates" -> null;
                case "getme" -> Map.of("id", botId(token), "is_bot", true, "first_name", "Test Bot", "username",
                        "test_bot");
                case "sendchataction" -> Boolean.TRUE;
                case "sendmediagroup" -> List.of(message(params));
                case "editmessagetext" -> message(params);
                case "sendpoll" -> pollMessage(params);
                default -> method.startsWith("send") ? message(params) : Boolean.TRUE;
            };
            record(new Request(method, token, params, result), recorded);
            if (poll) {
                result = getUpdates(params);
            }
            else if (isSending(method)) {
                awaitRelease(String.valueOf(params.get("chat_id")));
            }
            if (result == null) {
                respond(exchange, 409, Map.of("ok", false, "error_code", 409, "description",
                        "Conflict: terminated by other getUpdates request"));
            }
            else {
                respond(exchange, 200, Map.of("ok", true, "result", result));
            }
        }
    }

    private static boolean isSending(String method) {
        return method.startsWith("send") || method.startsWith("edit") || method.startsWith("copy")
                || method.startsWith("forward");
    }

    /** Waits while sending calls to the chat are held ({@link #holdSending}). */
    private synchronized void awaitRelease(String chat) {
        while (heldChats.contains(chat) && !closed) {
            try {
                wait();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The retry_after to answer this call with, or {@code null} to answer it normally. */
    private @Nullable Integer tooManyRequests(String method, Map<String, Object> params) {
        if (!isSending(method)) {
            return null;
        }
        int[] left = tooManyRequests.get(String.valueOf(params.get("chat_id")));
        if (left == null) {
            return null;
        }
        synchronized (left) {
            if (left[0] <= 0) {
                return null;
            }
            left[0]--;
            return left[1];
        }
    }

    /** Answers a long poll; {@code null} when a newer poll took over. */
    private synchronized @Nullable List<Map<String, Object>> getUpdates(Map<String, Object> params) {
        long generation = ++pollGeneration;
        notifyAll();
        int offset = intParam(params, "offset", 0);
        int limit = intParam(params, "limit", 100);
        confirmedOffset = Math.max(confirmedOffset, offset);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(intParam(params, "timeout", 0));
        queue.removeIf((u) -> ((Number) u.get("update_id")).intValue() < offset);
        while (queue.isEmpty() && generation == pollGeneration) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        if (generation != pollGeneration) {
            return null;
        }
        return List.copyOf(queue.subList(0, Math.min(limit, queue.size())));
    }

    private Map<String, Object> message(Map<String, Object> params) {
        Object chatId = params.get("chat_id");
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("id", chatId == null ? 0L : Long.parseLong(String.valueOf(chatId)));
        chat.put("type", "private");
        Map<String, Object> message = new LinkedHashMap<>();
        Object existing = params.get("message_id");
        message.put("message_id", existing != null ? Integer.parseInt(String.valueOf(existing))
                : nextMessageId.getAndIncrement());
        message.put("date", clock.instant().getEpochSecond());
        message.put("chat", chat);
        message.put("text", params.getOrDefault("text", ""));
        return message;
    }

    /** A sent poll, as Telegram answers it: the message with a {@code poll} whose id is {@code poll-<message id>}. */
    private Map<String, Object> pollMessage(Map<String, Object> params) {
        Map<String, Object> message = message(params);
        message.remove("text");
        List<Map<String, Object>> options = new ArrayList<>();
        if (params.get("options") instanceof List<?> given) {
            for (Object option : given) {
                Object text = option instanceof Map<?, ?> m ? m.get("text") : option;
                options.add(Map.of("text", String.valueOf(text), "voter_count", 0));
            }
        }
        Map<String, Object> poll = new LinkedHashMap<>();
        poll.put("id", "poll-" + message.get("message_id"));
        poll.put("question", String.valueOf(params.getOrDefault("question", "")));
        poll.put("options", options);
        poll.put("total_voter_count", 0);
        poll.put("is_closed", false);
        poll.put("is_anonymous", Boolean.parseBoolean(String.valueOf(params.getOrDefault("is_anonymous", "true"))));
        poll.put("type", String.valueOf(params.getOrDefault("type", "regular")));
        poll.put("allows_multiple_answers", false);
        message.put("poll", poll);
        return message;
    }

    /**
     * Returns the ids of the polls sent to a chat ({@code sendPoll}), oldest first: a test votes in
     * one with a {@code poll_answer} update ({@link EventJson#pollAnswer}).
     *
     * @param chat the chat
     * @return the poll ids
     */
    public synchronized List<String> pollIds(long chat) {
        List<String> ids = new ArrayList<>();
        for (Request request : requests) {
            if (request.method().equals("sendpoll") && String.valueOf(chat).equals(request.param("chat_id"))
                    && request.result() instanceof Map<?, ?> message && message.get("poll") instanceof Map<?, ?> poll) {
                ids.add(String.valueOf(poll.get("id")));
            }
        }
        return ids;
    }

    private static int intParam(Map<String, Object> params, String name, int fallback) {
        Object value = params.get(name);
        return value == null || String.valueOf(value).isBlank() ? fallback : Integer.parseInt(String.valueOf(value));
    }

    private static long botId(String token) {
        int colon = token.indexOf(':');
        try {
            return Long.parseLong(colon < 0 ? token : token.substring(0, colon));
        }
        catch (NumberFormatException ex) {
            return 1L;
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
