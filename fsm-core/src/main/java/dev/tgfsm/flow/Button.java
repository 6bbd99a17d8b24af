package dev.tgfsm.flow;

import java.util.Objects;

/**
 * A button of a flow node: the label shown and the node it leads to.
 *
 * @param text the label
 * @param next the name of the node it leads to
 */
public record Button(String text, String next) {

    /**
     * Validates the button.
     *
     * @param text the label, not {@code null}
     * @param next the name of the node it leads to, not {@code null}
     */
    public Button {
        Objects.requireNonNull(text, "text must not be null");
        Objects.requireNonNull(next, "next must not be null");
    }

    /**
     * A button leading to a node.
     *
     * @param text the label
     * @param next the node
     * @return the button
     */
    public static Button to(String text, String next) {
        return new Button(text, next);
    }
}
