package dev.tgfsm.telegram;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * The two Bot API calls of long polling, {@code getUpdates} and {@code deleteWebhook}, on OkHttp.
 * {@code getUpdates} answers the raw updates as JSON trees, so that each can be parsed on its own.
 * One call at a time; {@link #cancel()} ends the call in progress from another thread.
 */
final class BotApiPolling {

    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;

    private final TelegramUrl url;

    private final String token;

    private final ObjectMapper json;

    private volatile @Nullable Call current;

    BotApiPolling(OkHttpClient http, TelegramUrl url, String token, ObjectMapper json) {
        this.http = Objects.requireNonNull(http, "http must not be null");
        this.url = Objects.requireNonNull(url, "url must not be null");
        this.token = Objects.requireNonNull(token, "token must not be null");
        this.json = Objects.requireNonNull(json, "json must not be null");
    }

    /** Creates the HTTP client for long polls of up to {@code pollTimeout}. */
    static OkHttpClient httpClient(Duration pollTimeout) {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).writeTimeout(Duration.ofSeconds(10))
                .readTimeout(pollTimeout.plusSeconds(15)).build();
    }

    /**
     * Fetches updates.
     *
     * @param offset the first update id wanted; confirms every update below it (0: none)
     * @param timeoutSeconds how long Telegram may hold the request when there is nothing to answer
     * @param limit the most updates to answer
     * @param allowedUpdates the update kinds wanted, or {@code null} for Telegram's choice
     * @return the updates as JSON trees, in Telegram's order
     * @throws IOException if the request failed or the answer was not JSON
     * @throws BotApiException if the Bot API answered with an error
     */
    List<JsonNode> getUpdates(long offset, int timeoutSeconds, int limit, List<String> allowedUpdates)
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
        JsonNode result = call("getUpdates", params);
        if (!result.isArray()) {
            throw new IOException("getUpdates answered a " + result.getNodeType() + " instead of an array");
        }
        List<JsonNode> updates = new ArrayList<>(result.size());
        result.forEach(updates::add);
        return updates;
    }

    /**
     * Removes a webhook, so that {@code getUpdates} works; keeps the pending updates.
     *
     * @throws IOException if the request failed
     * @throws BotApiException if the Bot API answered with an error
     */
    void deleteWebhook() throws IOException {
        call("deleteWebhook", json.createObjectNode().put("drop_pending_updates", false));
    }

    /** Ends the call in progress, if any; it then fails with an {@link IOException}. */
    void cancel() {
        Call call = current;
        if (call != null) {
            call.cancel();
        }
    }

    /** Hides the token in a text that may contain it (an exception message with the URL). */
    @Nullable String redact(@Nullable String text) {
        return text == null ? null : text.replace(token, "******");
    }

    private JsonNode call(String method, ObjectNode params) throws IOException {
        HttpUrl.Builder target = new HttpUrl.Builder().scheme(url.getSchema()).host(url.getHost()).port(url.getPort())
                .addPathSegment("bot" + token);
        if (url.isTestServer()) {
            target.addPathSegment("test");
        }
        Request request = new Request.Builder().url(target.addPathSegment(method).build())
                .post(RequestBody.create(json.writeValueAsBytes(params), JSON_TYPE)).build();
        Call call = http.newCall(request);
        current = call;
        try (Response response = call.execute(); ResponseBody body = response.body()) {
            String text = body == null ? "" : body.string();
            JsonNode answer;
            try {
                answer = json.readTree(text);
            }
            catch (IOException ex) {
                throw new BotApiException(response.code(), "HTTP " + response.code() + ", an answer that is not JSON",
                        0);
            }
            if (answer == null || !answer.path("ok").asBoolean(false)) {
                int code = answer == null ? response.code() : answer.path("error_code").asInt(response.code());
                String description = answer == null ? "" : answer.path("description").asText("");
                int retryAfter = answer == null ? 0 : answer.path("parameters").path("retry_after").asInt(0);
                throw new BotApiException(code, description, retryAfter);
            }
            return answer.path("result");
        }
        finally {
            current = null;
        }
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
