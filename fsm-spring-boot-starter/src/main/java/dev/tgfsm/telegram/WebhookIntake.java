package dev.tgfsm.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.DispatcherHooks;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.Withdrawal;

/**
 * Takes updates that Telegram posts to the bot's webhook and answers each request only when the
 * update is done, so that Telegram keeps (and posts again) every update that is not:
 * <ul>
 * <li>the {@value #SECRET_HEADER} header must match the configured secret token, compared in
 * constant time: missing or wrong is {@code 401} and nothing is read;</li>
 * <li>a body over the size limit, one that is not exactly one JSON value (text after it counts as
 * malformed), or one that is not a JSON object with an {@code update_id}, is {@code 400}, logged
 * once at WARN with the reason and never the body's text (it may hold a user's message), nothing
 * handled (Telegram does not send such bodies; a client that does gets its error);</li>
 * <li>an update whose fields do not parse is logged, counted and answered {@code 200}: it is
 * skipped, as long polling skips it, so it cannot come back forever;</li>
 * <li>otherwise the update goes to the {@link UpdateDispatcher} and the request waits: {@code 200}
 * once it has committed (or was deliberately skipped: a duplicate, no handler, a handler bug);</li>
 * <li>while the storage is unavailable, {@code 503} with {@code Retry-After} at once, nothing
 * handled: Telegram posts the update again later;</li>
 * <li>if the update is not done within the answer timeout (a slow handler, a storage outage that
 * began meanwhile, a busy conversation), or the dispatcher is shutting down, {@code 503}; the
 * update is then withdrawn from the dispatcher (see {@link Withdrawal}): Telegram posts it again,
 * perhaps to another instance, so this one must not apply it any more (unless its commit had
 * already begun: then the stored update id makes the new post a duplicate). When Telegram posts it
 * to this instance again while the withdrawn run has not yet given up, the new request reclaims
 * that run and waits for it instead of handling the update twice; otherwise it is handled anew.</li>
 * </ul>
 * The transport (Spring MVC) only passes the header and the body in and writes the answer out.
 */
public final class WebhookIntake {

    /** The header Telegram sends the secret token in. */
    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final UpdateDispatcher dispatcher;

    private final byte @Nullable [] secret;

    private final int maxBodyBytes;

    private final Duration answerTimeout;

    private final UpdateParser parser = new UpdateParser();

    /** Reads a whole body as one JSON value: text after it makes the body malformed. */
    private final ObjectReader bodyReader = parser.json().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<Integer, Run> inFlight = new ConcurrentHashMap<>();

    /**
     * Creates the intake.
     *
     * @param dispatcher handles the updates
     * @param secretToken the secret token Telegram sends with every request, or {@code null} to accept
     *        requests without one (not recommended: anyone who knows the URL can post updates)
     * @param maxBodyBytes the largest body read, in bytes
     * @param answerTimeout how long a request waits for its update before it is answered {@code 503}
     */
    public WebhookIntake(UpdateDispatcher dispatcher, @Nullable String secretToken, int maxBodyBytes,
            Duration answerTimeout) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        this.secret = secretToken == null || secretToken.isEmpty() ? null
                : secretToken.getBytes(StandardCharsets.UTF_8);
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout must not be null");
        if (answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("answerTimeout must be positive, was " + answerTimeout);
        }
    }

    /**
     * Sets the listeners told about updates that could not be parsed.
     *
     * @param listeners the listeners
     */
    public void setListeners(List<UpdateIntakeListener> listeners) {
        parser.setListeners(listeners);
    }

    /**
     * Handles one request.
     *
     * @param secretHeader the value of {@value #SECRET_HEADER}, or {@code null} if absent
     * @param body the request body
     * @return the answer to give
     */
    public Answer handle(@Nullable String secretHeader, InputStream body) {
        if (!secretMatches(secretHeader)) {
            log.debug("A webhook request with a missing or wrong secret token was refused");
            return new Answer(401, "Unauthorized", null);
        }
        JsonNode node;
        try {
            byte[] bytes = body.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                log.warn("A webhook request over {} bytes was refused", maxBodyBytes);
                return new Answer(400, "Body too large", null);
            }
            node = bodyReader.readTree(bytes);
        }
        catch (JsonProcessingException ex) {
            JsonLocation at = ex.getLocation();
            log.warn("A webhook request that is not JSON was refused ({} at line {}, column {})",
                    ex.getClass().getSimpleName(), at == null ? "?" : at.getLineNr(),
                    at == null ? "?" : at.getColumnNr());
            return new Answer(400, "Malformed JSON", null);
        }
        catch (IOException ex) {
            log.debug("A webhook request body could not be read: {}", ex.toString());
            return new Answer(400, "Unreadable body", null);
        }
        JsonNode idNode = node == null ? null : node.get("update_id");
        if (node == null || !node.isObject() || idNode == null || !idNode.canConvertToInt()) {
            log.warn("A webhook request without an update object was refused");
            return new Answer(400, "Not an update", null);
        }
        int id = idNode.intValue();
        Run running = inFlight.get(id);
        if (running != null && !running.withdrawal().reclaim()) {
            inFlight.remove(id, running);
            running = null;
        }
        if (running == null) {
            Update update = parser.parse(id, node);
            if (update == null) {
                return new Answer(200, "Skipped", null);
            }
            if (dispatcher.isStorageUnavailable()) {
                return new Answer(503, "Storage unavailable", RETRY_AFTER);
            }
            running = submit(id, update);
            if (running == null) {
                return new Answer(503, "Shutting down", RETRY_AFTER);
            }
        }
        return await(id, running);
    }

    private @Nullable Run submit(int id, Update update) {
        Run mine = new Run(new CompletableFuture<>(), new Withdrawal());
        Run other = inFlight.putIfAbsent(id, mine);
        if (other != null) {
            return other;
        }
        try {
            DispatcherHooks.submit(dispatcher, update, mine.withdrawal()).whenComplete((ok, error) -> {
                inFlight.remove(id, mine);
                if (error != null) {
                    mine.done().completeExceptionally(error);
                }
                else {
                    mine.done().complete(null);
                }
            });
            return mine;
        }
        catch (RejectedExecutionException ex) {
            inFlight.remove(id, mine);
            return null;
        }
    }

    private Answer await(int id, Run running) {
        try {
            running.done().get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(200, "OK", null);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof CancellationException) {
                return new Answer(503, "Shutting down", RETRY_AFTER);
            }
            return new Answer(200, "Failed", null);
        }
        catch (CancellationException ex) {
            return new Answer(503, "Shutting down", RETRY_AFTER);
        }
        catch (TimeoutException ex) {
            boolean withdrawn = running.withdrawal().withdraw();
            log.debug("Update {} is not done after {} ms; Telegram will post it again ({})", id,
                    answerTimeout.toMillis(), withdrawn ? "withdrawn here" : "already committing here");
            return new Answer(503, dispatcher.isStorageUnavailable() ? "Storage unavailable" : "Still running",
                    RETRY_AFTER);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            running.withdrawal().withdraw();
            return new Answer(503, "Interrupted", RETRY_AFTER);
        }
    }

    private boolean secretMatches(@Nullable String header) {
        if (secret == null) {
            return true;
        }
        if (header == null) {
            return false;
        }
        return MessageDigest.isEqual(secret, header.getBytes(StandardCharsets.UTF_8));
    }

    /** An update handed to the dispatcher: its outcome, and the means to take it back. */
    private record Run(CompletableFuture<Void> done, Withdrawal withdrawal) {
    }

    /**
     * The answer to one webhook request.
     *
     * @param status the HTTP status
     * @param body a short text for the body
     * @param retryAfter the value of {@code Retry-After}, or {@code null}
     */
    public record Answer(int status, String body, @Nullable Duration retryAfter) {
    }
}
