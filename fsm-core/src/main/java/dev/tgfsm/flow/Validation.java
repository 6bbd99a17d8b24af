package dev.tgfsm.flow;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The verdict of a {@link Validator}: the input is fine, or an error to show with optional
 * suggestions ("Did you mean …") offered as buttons.
 *
 * <p>An error can carry a message code and its arguments besides the English text; the flow engine
 * then asks its {@link MessageResolver} for the text in the user's language, and falls back to
 * {@code error} when the code is unknown.
 *
 * @param error the English error text, or {@code null} when the input is valid
 * @param suggestions inputs to offer instead, possibly empty
 * <p>An {@linkplain #offer offer} is a verdict on an input that may well be right ("did you mean
 * ann@gmail.com?" for ann@ymail.com): the suggestions are shown with a button to keep the input, and
 * the same input sent again (or the keep button) is accepted. An offer never counts as an invalid
 * attempt.
 *
 * @param code the message code of the error, or {@code null} for a text that is not localisable
 * @param args the arguments of the message code, possibly empty
 * @param offer the input is acceptable and the suggestions are only offered: the user may decline them
 */
public record Validation(@Nullable String error, List<String> suggestions, @Nullable String code, List<Object> args,
        boolean offer) {

    private static final Validation OK = new Validation(null, List.of());

    /**
     * Copies the suggestions and arguments.
     *
     * @param error the English error text, or {@code null} when the input is valid
     * @param suggestions inputs to offer instead; {@code null} is taken as none
     * @param code the message code of the error, or {@code null}
     * @param args the arguments of the message code; {@code null} is taken as none
     * @param offer {@code true} if the user may decline the suggestions and keep the input
     */
    public Validation {
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
        args = args == null ? List.of() : List.copyOf(args);
    }

    /**
     * A verdict that is no offer.
     *
     * @param error the English error text, or {@code null} when the input is valid
     * @param suggestions inputs to offer instead; {@code null} is taken as none
     * @param code the message code of the error, or {@code null}
     * @param args the arguments of the message code; {@code null} is taken as none
     */
    public Validation(@Nullable String error, List<String> suggestions, @Nullable String code, List<Object> args) {
        this(error, suggestions, code, args, false);
    }

    /**
     * A verdict without a message code.
     *
     * @param error the error text, or {@code null} when the input is valid
     * @param suggestions inputs to offer instead, possibly empty
     */
    public Validation(@Nullable String error, List<String> suggestions) {
        this(error, suggestions, null, List.of());
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
     * The input is invalid, with a localisable message.
     *
     * @param code the message code, for example {@code tgfsm.validation.email}
     * @param args the arguments of the message (shown as text)
     * @param defaultText the English text, shown when the code cannot be resolved
     * @param suggestions inputs to offer instead
     * @return the verdict
     */
    public static Validation error(String code, List<?> args, String defaultText, String... suggestions) {
        Objects.requireNonNull(code, "code must not be null");
        Objects.requireNonNull(defaultText, "defaultText must not be null");
        return new Validation(defaultText, List.of(suggestions), code, List.copyOf(args));
    }

    /**
     * The input may be right, but something close is likelier: the suggestions are offered with a
     * button that keeps the input, and the same input sent again is accepted.
     *
     * @param code the message code, for example {@code tgfsm.validation.email.suggest}
     * @param args the arguments of the message (shown as text)
     * @param defaultText the English text, shown when the code cannot be resolved
     * @param suggestions inputs to offer instead, at least one
     * @return the verdict
     */
    public static Validation offer(String code, List<?> args, String defaultText, String... suggestions) {
        Objects.requireNonNull(code, "code must not be null");
        Objects.requireNonNull(defaultText, "defaultText must not be null");
        if (suggestions.length == 0) {
            throw new IllegalArgumentException("An offer needs at least one suggestion");
        }
        return new Validation(defaultText, List.of(suggestions), code, List.copyOf(args), true);
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
