package dev.tgfsm.flow;

import java.util.Map;

/**
 * The text a node shows, fixed or computed from what the flow has collected.
 */
@FunctionalInterface
public interface Prompt {

    /**
     * Renders the prompt.
     *
     * @param values what the flow has collected so far
     * @return the text
     */
    String render(Map<String, Object> values);

    /**
     * A fixed prompt.
     *
     * @param text the text
     * @return the prompt
     */
    static Prompt of(String text) {
        return values -> text;
    }
}
