package dev.tgfsm.flow;

import java.util.List;

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
     */
    public record Key(String text, String data) {

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
}
