package dev.tgfsm.telegram;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

import dev.tgfsm.Internal;

/**
 * TelegramBots' {@link OkHttpTelegramClient} whose blocking {@link #execute(BotApiMethod)} of a JSON
 * method (every method but file uploads) sends its request on the calling thread, with the request's
 * URL, media type and headers built once per method name instead of on every call.
 *
 * <p>The library's {@code execute} hands each call to OkHttp's dispatcher threads and waits for its
 * future: two thread switches per call, a future and an asynchronous call object, a media type
 * parsed twice, a header list and a URL built anew (the largest allocation sites of a bot that
 * replies to each update, in the end-to-end benchmark). This client sends the same request (the
 * same URL, body and headers) through the same {@link OkHttpClient}, so its connection pool,
 * timeouts and interceptors apply, and answers the same result or the same exception:
 * {@code TelegramApiRequestException} for an error answer, a {@code TelegramApiException} caused
 * by the {@code IOException} for a failed request. Uploads and {@code executeAsync} are the
 * library's own. The library builds its request in private methods, so this class builds the same one
 * again; {@code CallerThreadTelegramClientTests} compares the two on a local Bot API server.
 *
 * <p>It sends the same request without OkHttp, on sockets of its own kept alive between calls
 * ({@link BotApiHttp}; TLS for {@code https://} with the OkHttp client's socket factory and hostname
 * verifier), unless the OkHttp client adds anything to a request (interceptors, a proxy, its own
 * sockets or name resolution, cookies, a call timeout, other TLS specs, certificate pins) or the
 * JVM's proxy selector names a proxy for the server: OkHttp's interceptor chain, addresses, routes,
 * header lists, buffers and timeout watchdog took 14 % of the bot's CPU samples end to end. The
 * client's connect and read timeouts apply, and a kept-alive connection found closed is retried once
 * on a new one, as OkHttp does.
 *
 * <p>Every client serialises methods with one shared {@link ObjectMapper}, the one it also hands to
 * the library for uploads and {@code executeAsync}: a plain {@code new ObjectMapper()}, which is what
 * the library builds for itself, so the request bodies are the library's. It is not the record codec's
 * mapper ({@code JacksonFsmCodec}), which may be the application's and writes dates and durations
 * differently. Sharing it is safe: it is configured once, here, and only serialises afterwards, which
 * Jackson's {@code ObjectMapper} does from any number of threads.
 *
 * <p>Internal: used by tgfsm's auto-configuration, not meant for applications. Thread-safe.
 */
@Internal
public final class CallerThreadTelegramClient extends OkHttpTelegramClient implements AutoCloseable {

    /** The body's type: what OkHttp makes of the library's {@code application/json} for a text body. */
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** The library's request headers ({@code content-type} is the body's, as OkHttp sends it anyway). */
    private static final Headers HEADERS = Headers.of("charset", "UTF-8");

    /** Serialises the methods, ours and the library's: configured as the library's own default. */
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    /** The charset a content type names. */
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([^;\"\\s]+)",
            Pattern.CASE_INSENSITIVE);

    private final OkHttpClient http;

    private final TelegramUrl url;

    private final String token;

    /** By Bot API method name: its URL. As many entries as the methods the bot calls. */
    private final Map<String, HttpUrl> urls = new ConcurrentHashMap<>();

    /** The transport when the client adds nothing to a request, else {@code null}. */
    private final @Nullable BotApiHttp direct;

    /**
     * Creates the client.
     *
     * @param http the HTTP client
     * @param token the bot's token
     * @param url the Bot API server
     */
    public CallerThreadTelegramClient(OkHttpClient http, String token, TelegramUrl url) {
        super(JSON_MAPPER, http, token, url);
        this.http = Objects.requireNonNull(http, "http must not be null");
        this.token = Objects.requireNonNull(token, "token must not be null");
        this.url = Objects.requireNonNull(url, "url must not be null");
        this.direct = BotApiHttp.forServer(urlOf("getMe"), http);
    }

    @Override
    public <T extends Serializable, M extends BotApiMethod<T>> T execute(M method) throws TelegramApiException {
        if (method == null) {
            throw new TelegramApiException("Parameter method can not be null");
        }
        byte[] body;
        try {
            method.validate();
            body = JSON_MAPPER.writeValueAsBytes(method);
        }
        catch (TelegramApiException | IOException ex) {
            throw new TelegramApiException("Unable to execute " + method.getMethod() + " method", ex);
        }
        if (direct != null) {
            try {
                BotApiHttp.Answer answer = direct.post(direct.path(method.getMethod()), body);
                return method.deserializeResponse(text(answer.contentType(), answer.body()));
            }
            catch (IOException ex) {
                throw new TelegramApiException("Unable to execute " + method.getMethod() + " method", ex);
            }
        }
        Request request = new Request.Builder().url(urls.computeIfAbsent(method.getMethod(), this::urlOf))
                .headers(HEADERS).post(RequestBody.create(body, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody answer = response.body();
            if (answer == null) {
                throw new TelegramApiException("Telegram api returned empty response");
            }
            return method.deserializeResponse(text(response.header("Content-Type"), answer.bytes()));
        }
        catch (IOException ex) {
            throw new TelegramApiException("Unable to execute " + method.getMethod() + " method", ex);
        }
    }

    /**
     * Closes the idle connections to the Bot API server, as the application stops (Spring calls it on
     * the client bean). Calls made later still work: they open new connections.
     */
    @Override
    public void close() {
        if (direct != null) {
            direct.closeIdle();
        }
        http.connectionPool().evictAll();
    }

    /**
     * The answer's text, the same whichever transport read it. The Bot API answers JSON, which is
     * UTF-8 (RFC 8259): read so, past a byte order mark, without parsing the answer's media type on
     * every call (OkHttp's {@code string()} does), unless the answer names another charset; one
     * unknown to the JDK is read as UTF-8, as OkHttp reads it.
     */
    private static String text(@Nullable String type, byte[] bytes) {
        Matcher charset = type == null ? null : CHARSET.matcher(type);
        if (charset == null || !charset.find() || charset.group(1).equalsIgnoreCase("utf-8")
                || charset.group(1).equalsIgnoreCase("utf8")) {
            return utf8(bytes);
        }
        try {
            return new String(bytes, Charset.forName(charset.group(1)));
        }
        catch (IllegalArgumentException ex) {
            return utf8(bytes);
        }
    }

    private static String utf8(byte[] bytes) {
        int bom = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? 3 : 0;
        return new String(bytes, bom, bytes.length - bom, StandardCharsets.UTF_8);
    }

    /** The URL of a method, as the library builds it. */
    private HttpUrl urlOf(String method) {
        return TelegramUrls.method(url, token, method);
    }
}
