package dev.tgfsm.telegram;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Reads one update from its JSON with tgfsm's own Jackson 2 mapper (unknown fields ignored), for
 * every intake: long polling parses each update of a {@code getUpdates} answer on its own, the
 * webhook each request body. An update that cannot be read is logged once at WARN with its id and
 * a short reason (the kind of error and the field whose value had an unexpected type, never a
 * value of the update), and the listeners are told.
 */
final class UpdateParser {

    private static final Logger log = LoggerFactory.getLogger(UpdateParser.class);

    private static final int MAX_REASON_CHARS = 200;

    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Reads updates: its deserializer found once, not looked up for each update. */
    private final ObjectReader updates = json.readerFor(Update.class);

    private volatile List<UpdateIntakeListener> listeners = List.of();

    /**
     * Returns the mapper, for reading the surrounding JSON.
     *
     * @return the mapper
     */
    ObjectMapper json() {
        return json;
    }

    void setListeners(List<UpdateIntakeListener> listeners) {
        this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners must not be null"));
    }

    /**
     * Reads an update.
     *
     * @param id its update id
     * @param node its JSON
     * @return the update, or {@code null} if it cannot be read (logged and reported)
     */
    @Nullable
    Update parse(int id, JsonNode node) {
        try {
            return json.treeToValue(node, Update.class);
        }
        catch (JsonProcessingException | IllegalArgumentException ex) {
            malformed(id, ex);
            return null;
        }
    }

    /**
     * Reads an update from its JSON text, a part of a larger answer.
     *
     * @param id its update id
     * @param json the bytes holding it
     * @param offset where its JSON object starts
     * @param length its length in bytes
     * @return the update, or {@code null} if it cannot be read (logged and reported)
     */
    @Nullable
    Update parse(int id, byte[] json, int offset, int length) {
        try {
            return updates.readValue(json, offset, length);
        }
        catch (IOException | IllegalArgumentException ex) {
            malformed(id, ex);
            return null;
        }
    }

    private void malformed(int id, Exception ex) {
        String reason = reason(ex);
        log.warn("Update {} cannot be parsed and was skipped: {}", id, reason);
        for (UpdateIntakeListener listener : listeners) {
            try {
                listener.malformed(id, reason);
            }
            catch (RuntimeException listenerFailure) {
                log.warn("Intake listener {} failed: {}", listener, listenerFailure.toString());
            }
        }
    }

    /**
     * Says why an update could not be read without quoting it: Jackson's messages carry the
     * offending value ({@code from String "..."}), which may be a user's text, so the reason is made
     * of the kind of error, the expected type and the field's path or the position only.
     */
    static String reason(Exception failure) {
        Exception ex = failure instanceof IllegalArgumentException
                && failure.getCause() instanceof JsonProcessingException cause ? cause : failure;
        StringBuilder reason = new StringBuilder(ex.getClass().getSimpleName());
        if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            reason.append(" (expected ").append(mismatch.getTargetType().getSimpleName()).append(')');
        }
        if (ex instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                path.append(ref.getFieldName() != null ? (path.isEmpty() ? "" : ".") + ref.getFieldName()
                        : "[" + ref.getIndex() + "]");
            }
            reason.append(" at ").append(path);
        }
        else if (ex instanceof JsonProcessingException parse && parse.getLocation() != null) {
            reason.append(" at line ").append(parse.getLocation().getLineNr()).append(", column ")
                    .append(parse.getLocation().getColumnNr());
        }
        if (reason.length() > MAX_REASON_CHARS) {
            reason.setLength(MAX_REASON_CHARS);
            reason.append("...");
        }
        return reason.toString();
    }
}
