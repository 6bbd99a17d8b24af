package dev.tgfsm.flow;

import java.util.List;

/**
 * The verdict of a {@link Validator}: the input is fine, or an error text to show with optional
 * suggestions ("Did you mean …") offered as buttons.
 *
 * @param error the error text, or {@code null} when the input is valid
 * @param suggestions inputs to offer instead, possibly empty
 */
public record Validation(String error, List<String> suggestions) {

    private static final Validation OK = new Validation(null, List.of());

    /**
     * Copies the suggestions.
     */
    public Validation {
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
    }

    /**
     * The input is valid.
     *
     * @return the verdict
     */
    public static Validation ok() {
        return OK;
    }

    /**
     * The input is invalid.
     *
     * @param error the text to show
     * @param suggestions inputs to offer instead
     * @return the verdict
     */
    public static Validation error(String error, String... suggestions) {
        return new Validation(error, List.of(suggestions));
    }

    /**
     * Tells whether the input is valid.
     *
     * @return {@code true} if there is no error
     */
    public boolean isValid() {
        return error == null;
    }
}
