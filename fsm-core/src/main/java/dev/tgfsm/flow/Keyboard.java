package dev.tgfsm.flow;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.callback.CallbackCodec;

/**
 * Buttons to show with a message: inline buttons carrying callback data, or a reply keyboard whose
 * buttons send their label.
 *
 * @param rows the rows of buttons
 * @param inline inline buttons (otherwise a reply keyboard)
 */
public record Keyboard(List<List<Key>> rows, boolean inline) {

    /**
     * Copies the rows.
     *
     * @param rows the rows of buttons; each row is copied
     * @param inline {@code true} for inline buttons, {@code false} for a reply keyboard
     */
    public Keyboard {
        rows = rows.stream().map(List::copyOf).toList();
    }

    /**
     * One button.
     *
     * @param text the label
     * @param data the callback data of an inline button (ignored for reply keyboards)
     * @param request what a reply-keyboard button asks Telegram to send, or {@code null} for its label
     */
    public record Key(String text, String data, @Nullable Request request) {

        /**
         * A button that sends its label (reply keyboard) or its callback data (inline).
         *
         * @param text the label
         * @param data the callback data of an inline button (ignored for reply keyboards)
         */
        public Key(String text, String data) {
            this(text, data, null);
        }

        /**
         * A reply-keyboard button that asks Telegram for the user's contact or location.
         *
         * @param text the label
         * @param request what to ask for
         * @return the button
         */
        public static Key requesting(String text, Request request) {
            return new Key(text, "", Objects.requireNonNull(request, "request must not be null"));
        }

        /**
         * An inline button whose callback data is a packed record (see {@link CallbackCodec}).
         *
         * @param text the label
         * @param value the record
         * @return the button
         * @throws IllegalArgumentException if the packed data exceeds Telegram's 64 bytes
         */
        public static Key of(String text, Record value) {
            return new Key(text, CallbackCodec.packOf(value));
        }
    }

    /** What a reply-keyboard button asks Telegram to send instead of its label. */
    public enum Request {

        /** The user's own contact ({@code request_contact}). */
        CONTACT,

        /** The user's current location ({@code request_location}). */
        LOCATION
    }
}
