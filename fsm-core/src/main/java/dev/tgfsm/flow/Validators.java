package dev.tgfsm.flow;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Ready-made {@link Validator}s for common inputs. Each returns the
 * error text to show; combine them with {@link Validator#and}.
 *
 * <p>Every error carries a message code ({@value #PREFIX} followed by the check: {@code email},
 * {@code email.suggest}, {@code phone}, {@code integer}, {@code number}, {@code min}, {@code max},
 * {@code choice}, {@code choice.suggest}, {@code minLength}, {@code maxLength}, {@code date}) with its arguments as text,
 * and the English text as default; the starter's {@code dev/tgfsm/messages.properties} lists them.
 * {@link #matches(Pattern, String)} takes the caller's own text and has no code, unless given one
 * with {@link #matches(Pattern, String, String)}.
 */
public final class Validators {

    /** A local part without spaces or {@code @}, or a quoted one (RFC 5321: {@code "ann lee"@example.com}); a dotted domain. */
    private static final Pattern EMAIL = Pattern
            .compile("^(?:\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"|[^\\s@]+)@[^\\s@]+\\.[^\\s@]+$");

    private static final Pattern PHONE = Pattern.compile("^\\+?[\\d\\s-]{10,}$");

    private static final List<String> COMMON_DOMAINS = List.of("gmail.com", "yahoo.com", "outlook.com",
            "hotmail.com", "icloud.com", "proton.me", "mail.ru", "yandex.ru");

    /** Real mail domains within a typo of a common one: never offered a "correction". */
    private static final Set<String> REAL_DOMAINS = Set.of("ymail.com", "mail.com", "email.com", "gmx.com", "gmx.de",
            "yahoo.ca", "yahoo.de", "yahoo.fr", "yahoo.es", "yahoo.it", "yahoo.in", "yahoo.co.uk", "yandex.ua",
            "yandex.by", "yandex.kz", "yandex.com", "inbox.ru", "list.ru", "bk.ru", "live.com", "msn.com", "me.com",
            "mac.com", "aol.com", "pm.me", "proton.ch", "protonmail.com", "hotmail.co.uk", "hotmail.fr", "outlook.de",
            "googlemail.com", "web.de");

    /** What the message codes of these validators start with; the rest names the check. */
    public static final String PREFIX = "tgfsm.validation.";

    private Validators() {
    }

    /**
     * An e-mail address. An address whose domain is a near miss of a common one (ann@gmial.com) is
     * not refused: it gets an {@linkplain Validation#offer offer} ("Did you mean ann@gmail.com?") with
     * a button to keep it, and the same address sent again is accepted. Real domains that merely look
     * like common ones (ymail.com, mail.com, email.com, yahoo.ca, yandex.ua, …) get no offer at all, and a
     * quoted local part ({@code "ann lee"@example.com}) is an address too.
     *
     * @return the validator
     */
    public static Validator email() {
        return (input, values) -> {
            String trimmed = input.strip();
            if (!EMAIL.matcher(trimmed).matches()) {
                return Validation.error(PREFIX + "email", List.of(), "Please enter a valid email address");
            }
            int at = trimmed.lastIndexOf('@');
            String domain = trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
            if (COMMON_DOMAINS.contains(domain) || REAL_DOMAINS.contains(domain)) {
                return Validation.ok();
            }
            for (String common : COMMON_DOMAINS) {
                if (Similarity.distance(domain, common) <= 2) {
                    String fixed = trimmed.substring(0, at + 1) + common;
                    return Validation.offer(PREFIX + "email.suggest", List.of(fixed), "Did you mean " + fixed + "?",
                            fixed);
                }
            }
            return Validation.ok();
        };
    }

    /**
     * A phone number: an optional {@code +}, then at least ten digits, spaces or dashes.
     *
     * @return the validator
     */
    public static Validator phone() {
        return (input, values) -> PHONE.matcher(input.strip()).matches() ? Validation.ok()
                : Validation.error(PREFIX + "phone", List.of(), "Please enter a valid phone number");
    }

    /**
     * A whole number in a range.
     *
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the validator
     */
    public static Validator integer(long min, long max) {
        return (input, values) -> {
            long n;
            try {
                n = Long.parseLong(input.strip());
            }
            catch (NumberFormatException ex) {
                return Validation.error(PREFIX + "integer", List.of(), "Please enter a whole number");
            }
            if (n < min) {
                return Validation.error(PREFIX + "min", List.of(String.valueOf(min)), "Minimum value is " + min);
            }
            return n > max ? Validation.error(PREFIX + "max", List.of(String.valueOf(max)), "Maximum value is " + max)
                    : Validation.ok();
        };
    }

    /**
     * A number (decimals allowed) in a range.
     *
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the validator
     */
    public static Validator number(double min, double max) {
        return (input, values) -> {
            double n;
            try {
                n = Double.parseDouble(input.strip());
            }
            catch (NumberFormatException ex) {
                return Validation.error(PREFIX + "number", List.of(), "Please enter a number");
            }
            if (Double.isNaN(n) || n < min) {
                return Validation.error(PREFIX + "min", List.of(String.valueOf(min)), "Minimum value is " + min);
            }
            return n > max ? Validation.error(PREFIX + "max", List.of(String.valueOf(max)), "Maximum value is " + max)
                    : Validation.ok();
        };
    }

    /**
     * One of a list of answers (ignoring case). An input close to some options ("aple") gets them as
     * suggestions ("Did you mean: Apple?"); any other input gets every option. Options written as
     * application message codes ({@code {fruit.apple}}) are compared in the user's language: the
     * flow engine passes their labels ({@link Validator#validate(String, Map, UnaryOperator)}), so a
     * German user's "Apfle" is close to "Apfel"; the suggestions (and so the value a pressed
     * suggestion stores) stay the options as written.
     *
     * @param options the answers allowed
     * @return the validator; its error offers the close options, or all of them, as suggestions, and
     *         lists them (its one argument is the list) in the user's language
     */
    public static Validator choice(String... options) {
        List<String> allowed = List.of(options);
        return new Validator() {
            @Override
            public Validation validate(String input, Map<String, Object> values) {
                return validate(input, values, UnaryOperator.identity());
            }

            @Override
            public Validation validate(String input, Map<String, Object> values, UnaryOperator<String> labels) {
                String typed = input.strip();
                List<String> shown = allowed.stream().map(labels).toList();
                for (int i = 0; i < allowed.size(); i++) {
                    if (allowed.get(i).equalsIgnoreCase(typed) || shown.get(i).equalsIgnoreCase(typed)) {
                        return Validation.ok();
                    }
                }
                List<String> closeLabels = Similarity.closest(input, shown);
                if (!closeLabels.isEmpty()) {
                    List<String> close = new ArrayList<>(); // closest first, as the options were written
                    for (String label : closeLabels) {
                        close.add(allowed.get(shown.indexOf(label)));
                    }
                    return Validation.error(PREFIX + "choice.suggest", List.of(new Listed(close)),
                            "Did you mean: " + String.join(", ", closeLabels) + "?", close.toArray(String[]::new));
                }
                return Validation.error(PREFIX + "choice", List.of(new Listed(allowed)),
                        "Please choose: " + String.join(", ", shown), options);
            }
        };
    }

    /**
     * At least a number of characters.
     *
     * @param min the minimum length
     * @return the validator
     */
    public static Validator minLength(int min) {
        return (input, values) -> input.strip().length() >= min ? Validation.ok()
                : Validation.error(PREFIX + "minLength", List.of(String.valueOf(min)),
                        "Please enter at least " + min + " characters");
    }

    /**
     * At most a number of characters.
     *
     * @param max the maximum length
     * @return the validator
     */
    public static Validator maxLength(int max) {
        return (input, values) -> input.strip().length() <= max ? Validation.ok()
                : Validation.error(PREFIX + "maxLength", List.of(String.valueOf(max)),
                        "Please enter at most " + max + " characters");
    }

    /**
     * A match of a regular expression.
     *
     * @param pattern the expression the whole input must match
     * @param error the error text
     * @return the validator
     */
    public static Validator matches(Pattern pattern, String error) {
        return (input, values) -> pattern.matcher(input.strip()).matches() ? Validation.ok() : Validation.error(error);
    }

    /**
     * A match of a regular expression, with a localisable error.
     *
     * @param pattern the expression the whole input must match
     * @param code the message code of the error
     * @param defaultText the English error text
     * @return the validator
     */
    public static Validator matches(Pattern pattern, String code, String defaultText) {
        return (input, values) -> pattern.matcher(input.strip()).matches() ? Validation.ok()
                : Validation.error(code, List.of(pattern.pattern()), defaultText);
    }

    /**
     * A date in a format.
     *
     * @param format for example {@code "yyyy-MM-dd"}
     * @return the validator
     */
    public static Validator date(String format) {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern(format);
        return (input, values) -> {
            try {
                LocalDate.parse(input.strip(), formatter);
                return Validation.ok();
            }
            catch (DateTimeParseException ex) {
                return Validation.error(PREFIX + "date", List.of(format), "Please enter a date as " + format);
            }
        };
    }

    /**
     * Options as one message argument: a list, which {@link MessageResolver#errorText} shows in the
     * user's language, and whose text elsewhere is the options as written, joined by {@code ", "}.
     */
    private static final class Listed extends AbstractList<String> {

        private final List<String> options;

        Listed(List<String> options) {
            this.options = List.copyOf(options);
        }

        @Override
        public String get(int index) {
            return options.get(index);
        }

        @Override
        public int size() {
            return options.size();
        }

        @Override
        public String toString() {
            return String.join(", ", options);
        }
    }
}
