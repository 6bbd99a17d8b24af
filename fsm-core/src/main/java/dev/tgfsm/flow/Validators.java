package dev.tgfsm.flow;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Ready-made {@link Validator}s for common inputs (seed 001's {@code validators}). Each returns the
 * error text to show; combine them with {@link Validator#and}.
 */
public final class Validators {

    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$");

    private static final Pattern PHONE = Pattern.compile("^\\+?[\\d\\s-]{10,}$");

    private static final List<String> COMMON_DOMAINS = List.of("gmail.com", "yahoo.com", "outlook.com",
            "hotmail.com", "icloud.com", "proton.me", "mail.ru", "yandex.ru");

    private Validators() {
    }

    /**
     * An e-mail address; a near miss of a common domain gets a "did you mean" suggestion.
     *
     * @return the validator
     */
    public static Validator email() {
        return (input, values) -> {
            String trimmed = input.strip();
            int at = trimmed.lastIndexOf('@');
            if (at > 0) {
                String domain = trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
                for (String common : COMMON_DOMAINS) {
                    if (!domain.equals(common) && distance(domain, common) <= 2) {
                        return Validation.error("Did you mean " + trimmed.substring(0, at + 1) + common + "?",
                                trimmed.substring(0, at + 1) + common);
                    }
                }
            }
            return EMAIL.matcher(trimmed).matches() ? Validation.ok()
                    : Validation.error("Please enter a valid email address");
        };
    }

    /**
     * A phone number: an optional {@code +}, then at least ten digits, spaces or dashes.
     *
     * @return the validator
     */
    public static Validator phone() {
        return matches(PHONE, "Please enter a valid phone number");
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
                return Validation.error("Please enter a whole number");
            }
            if (n < min) {
                return Validation.error("Minimum value is " + min);
            }
            return n > max ? Validation.error("Maximum value is " + max) : Validation.ok();
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
                return Validation.error("Please enter a number");
            }
            if (Double.isNaN(n) || n < min) {
                return Validation.error("Minimum value is " + min);
            }
            return n > max ? Validation.error("Maximum value is " + max) : Validation.ok();
        };
    }

    /**
     * One of a list of answers (ignoring case).
     *
     * @param options the answers allowed
     * @return the validator; its error offers the options as suggestions
     */
    public static Validator choice(String... options) {
        return (input, values) -> {
            for (String option : options) {
                if (option.equalsIgnoreCase(input.strip())) {
                    return Validation.ok();
                }
            }
            return Validation.error("Please choose: " + String.join(", ", options), options);
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
                : Validation.error("Please enter at least " + min + " characters");
    }

    /**
     * At most a number of characters.
     *
     * @param max the maximum length
     * @return the validator
     */
    public static Validator maxLength(int max) {
        return (input, values) -> input.strip().length() <= max ? Validation.ok()
                : Validation.error("Please enter at most " + max + " characters");
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
                return Validation.error("Please enter a date as " + format);
            }
        };
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
