package dev.tgfsm.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The text a node shows, fixed or computed from what the flow has collected. A text of the form
 * {@code {app.code}} and a {@link #code(String, String...) code prompt} are resolved through the
 * {@link MessageResolver} in the user's language.
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

    /**
     * Renders the prompt in the user's language: the rendered text, resolved as an application
     * text ({@code {app.code}}) through the resolver.
     *
     * @param values what the flow has collected so far
     * @param locale the user's locale
     * @param messages resolves message codes
     * @return the text
     */
    default String render(Map<String, Object> values, Locale locale, MessageResolver messages) {
        return messages.appText(locale, render(values));
    }

    /**
     * A prompt given as a message code of the application's message source, with collected values
     * as its arguments: {@code Prompt.code("order.confirm", "size", "colour")} resolves
     * {@code order.confirm=Confirm a {0} {1}?} with the values of the fields {@code size} and
     * {@code colour}.
     *
     * @param code the message code
     * @param fields the fields whose values are the arguments {0}, {1}, ...
     * @return the prompt
     */
    static Prompt code(String code, String... fields) {
        Objects.requireNonNull(code, "code must not be null");
        List<String> names = List.of(fields);
        return new Prompt() {

            @Override
            public String render(Map<String, Object> values) {
                return "{" + code + "}";
            }

            @Override
            public String render(Map<String, Object> values, Locale locale, MessageResolver messages) {
                Object[] args = names.stream().map(values::get).toArray();
                String text = messages.resolve(code, Arrays.asList(args), render(values), locale);
                return text != null ? text : render(values);
            }
        };
    }
}
