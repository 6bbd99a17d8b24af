package dev.tgfsm.telegram;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * The two Bot API calls of long polling, {@code getUpdates} and {@code deleteWebhook}, on a kept-alive
 * connection of {@link BotApiHttp} (on OkHttp when the JVM's proxy selector names a proxy for the
 * server). {@code getUpdates} answers where each new update is in the answer, so that each can be
 * parsed on its own. One call at a time; {@link #cancel()} ends the call in progress from another
 * thread; {@link #close()} closes the idle connection.
 */
final class BotApiPolling {

    private static final Logger log = LoggerFactory.getLogger(BotApiPolling.class);

    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;

    private final TelegramUrl url;

    private final String token;

    private final ObjectMapper json;

    /** The transport, unless a proxy is to be used; then OkHttp carries the calls. */
    private final @Nullable BotApiHttp direct;

    /** The call in progress on OkHttp. */
    private volatile @Nullable Call current;

    /** Ends the call in progress on {@link #direct}. */
    private volatile BotApiHttp.@Nullable Cancel currentDirect;

    BotApiPolling(OkHttpClient http, TelegramUrl url, String token, ObjectMapper json) {
        this.http = Objects.requireNonNull(http, "http must not be null");
        this.url = Objects.requireNonNull(url, "url must not be null");
        this.token = Objects.requireNonNull(token, "token must not be null");
        this.json = Objects.requireNonNull(json, "json must not be null");
        this.direct = BotApiHttp.forServer(urlOf("getUpdates"), http);
    }

    /**
     * Creates the HTTP client for long polls of up to {@code pollTimeout}; its pool is cleaned up on a
     * timer, as the Bot API client's ({@link TimedCleanupPool}), not after every {@code getUpdates}.
     */
    static OkHttpClient httpClient(Duration pollTimeout) {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).writeTimeout(Duration.ofSeconds(10))
                .readTimeout(pollTimeout.plusSeconds(15)).connectionPool(TimedCleanupPool.create()).build();
    }

    /**
     * Fetches updates. The answer is read as a stream of tokens, without building a tree: an update
     * whose {@code update_id} is not new is skipped, and each new one is answered as its id and the
     * place of its JSON in the answer, to be parsed on its own (once).
     *
     * @param offset the first update id wanted; confirms every update below it (0: none)
     * @param timeoutSeconds how long Telegram may hold the request when there is nothing to answer
     * @param limit the most updates to answer
     * @param allowedUpdates the update kinds wanted, or {@code null} for Telegram's choice
     * @param isNew tells whether an update id was not seen before; must not change anything
     * @return how many updates the answer held, and those not known to be seen, in Telegram's order
     * @throws IOException if the request failed or the answer was not JSON
     * @throws BotApiException if the Bot API answered with an error
     */
    Batch getUpdates(long offset, int timeoutSeconds, int limit, List<String> allowedUpdates, IntPredicate isNew)
            throws IOException {
        ObjectNode params = json.createObjectNode();
        if (offset > 0) {
            params.put("offset", offset);
        }
        params.put("timeout", timeoutSeconds);
        params.put("limit", limit);
        if (allowedUpdates != null) {
            ArrayNode kinds = params.putArray("allowed_updates");
            allowedUpdates.forEach(kinds::add);
        }
        ResultReader<Object> reader = (parser, answer) -> parser.currentToken() == JsonToken.START_ARRAY
                ? readUpdates(parser, answer, isNew) : (JsonNode) parser.readValueAsTree();
        Object result = call("getUpdates", params, reader);
        if (!(result instanceof Batch batch)) {
            JsonNodeType type = result instanceof JsonNode node ? node.getNodeType() : JsonNodeType.MISSING;
            throw new IOException("getUpdates answered a " + type + " instead of an array");
        }
        return batch;
    }

    /**
     * Reads the array of updates, the parser at its start: finds each update's {@code update_id}
     * among its fields and skips the rest; keeps where the new ones are.
     */
    private static Batch readUpdates(JsonParser parser, byte[] answer, IntPredicate isNew) throws IOException {
        int received = 0;
        List<RawUpdate> updates = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            received++;
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                log.debug("An update that is not a JSON object was ignored");
                continue;
            }
            int start = (int) parser.currentTokenLocation().getByteOffset();
            Integer id = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean idField = "update_id".equals(parser.currentName());
                if (parser.nextToken() == JsonToken.VALUE_NUMBER_INT && idField
                        && parser.getNumberType() == JsonParser.NumberType.INT) {
                    id = parser.getIntValue();
                }
                parser.skipChildren();
            }
            int end = (int) parser.currentLocation().getByteOffset();
            if (id == null) {
                log.debug("An update without a usable update_id was ignored");
            }
            else if (isNew.test(id)) {
                updates.add(new RawUpdate(id, answer, start, end - start));
            }
        }
        return new Batch(received, updates);
    }

    /**
     * A {@code getUpdates} answer.
     *
     * @param received how many updates it held
     * @param updates those with an {@code update_id} not known to be seen before, in Telegram's order
     */
    record Batch(int received, List<RawUpdate> updates) {
    }

    /**
     * One update of an answer, not parsed yet.
     *
     * @param id its {@code update_id}
     * @param answer the whole answer
     * @param offset where the update's JSON object starts in it
     * @param length the object's length in bytes
     */
    record RawUpdate(int id, byte[] answer, int offset, int length) {
    }

    /**
     * Removes a webhook, so that {@code getUpdates} works.
     *
     * @param dropPendingUpdates whether Telegram drops the updates it holds ({@code drop_pending_updates})
     * @throws IOException if the request failed
     * @throws BotApiException if the Bot API answered with an error
     */
    void deleteWebhook(boolean dropPendingUpdates) throws IOException {
        call("deleteWebhook", json.createObjectNode().put("drop_pending_updates", dropPendingUpdates),
                (parser, answer) -> parser.skipChildren());
    }

    /** Ends the call in progress, if any; it then fails with an {@link IOException}. */
    void cancel() {
        Call call = current;
        if (call != null) {
            call.cancel();
        }
        BotApiHttp.Cancel cancel = currentDirect;
        if (cancel != null) {
            cancel.cancel();
        }
    }

    /** Closes the idle connection; a later call opens a new one. */
    void close() {
        if (direct != null) {
            direct.closeIdle();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** Whether the calls go through OkHttp rather than {@link BotApiHttp} (for tests). */
    boolean onOkHttp() {
        return direct == null;
    }

    /** Hides the token in a text that may contain it (an exception message with the URL). */
    @Nullable
    String redact(@Nullable String text) {
        return text == null ? null : text.replace(token, "******");
    }

    /**
     * Makes a call and reads its answer as a stream: {@code ok} and the {@code result}, which
     * {@code result} reads (the parser at its first token, with the answer's bytes). An answer that is
     * not {@code ok} is read again as a tree for the error's code, description and {@code retry_after}.
     */
    private <T> @Nullable T call(String method, ObjectNode params, ResultReader<T> result) throws IOException {
        byte[] request = json.writeValueAsBytes(params);
        int status;
        byte[] bytes;
        if (direct != null) {
            BotApiHttp.Cancel cancel = new BotApiHttp.Cancel();
            currentDirect = cancel;
            try {
                BotApiHttp.Answer answer = direct.post(direct.path(method), request, cancel);
                status = answer.status();
                bytes = answer.body();
            }
            finally {
                currentDirect = null;
            }
        }
        else {
            Call call = http.newCall(new Request.Builder().url(urlOf(method))
                    .post(RequestBody.create(request, JSON_TYPE)).build());
            current = call;
            try (Response response = call.execute(); ResponseBody body = response.body()) {
                status = response.code();
                bytes = body == null ? new byte[0] : body.bytes();
            }
            finally {
                current = null;
            }
        }
        boolean ok = false;
        T read = null;
        try (JsonParser parser = json.createParser(bytes)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if ("ok".equals(name)) {
                        ok = parser.currentToken() == JsonToken.VALUE_TRUE;
                    }
                    else if ("result".equals(name)) {
                        read = result.read(parser, bytes);
                    }
                    else {
                        parser.skipChildren();
                    }
                }
            }
            if (ok) {
                return read;
            }
        }
        catch (JsonProcessingException ex) {
            throw notJson(status);
        }
        JsonNode answer;
        try {
            answer = json.readTree(bytes);
        }
        catch (IOException ex) {
            throw notJson(status);
        }
        int code = answer == null ? status : answer.path("error_code").asInt(status);
        String description = answer == null ? "" : answer.path("description").asText("");
        int retryAfter = answer == null ? 0 : answer.path("parameters").path("retry_after").asInt(0);
        throw new BotApiException(code, description, retryAfter);
    }

    /** The URL of a method. */
    private HttpUrl urlOf(String method) {
        return TelegramUrls.method(url, token, method);
    }

    private static BotApiException notJson(int status) {
        return new BotApiException(status, "HTTP " + status + ", an answer that is not JSON", 0);
    }

    /** Reads a call's {@code result} from the parser, which is at the value's first token. */
    @FunctionalInterface
    private interface ResultReader<T> {

        T read(JsonParser parser, byte[] answer) throws IOException;
    }

    /**
     * The Bot API answered a call with an error.
     */
    static final class BotApiException extends IOException {

        private static final long serialVersionUID = 1L;

        private final int code;

        private final int retryAfter;

        BotApiException(int code, String description, int retryAfter) {
            super(code + " " + description);
            this.code = code;
            this.retryAfter = retryAfter;
        }

        /** Returns the error code (the HTTP status). */
        int code() {
            return code;
        }

        /** Returns the seconds Telegram asks to wait (429), or 0. */
        int retryAfter() {
            return retryAfter;
        }

        /** Returns whether the token was refused: retrying cannot help. */
        boolean tokenRefused() {
            return code == 401 || code == 404;
        }
    }
}
