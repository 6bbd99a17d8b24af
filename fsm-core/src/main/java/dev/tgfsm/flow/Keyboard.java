package dev.tgfsm.flow;

import java.util.List;

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
    }
}
