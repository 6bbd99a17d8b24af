package dev.tgfsm.annotation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.callback.CallbackCodec;

/**
 * The conditions of {@link OnCallback#where()} as one predicate on the record, read and checked
 * at start-up: each is {@code name=value} or {@code name!=value}, and all must hold. The value may
 * list alternatives separated by {@code |}: {@code action=edit|delete} holds for either value,
 * {@code action!=edit|delete} for neither.
 */
final class CallbackConditions {

    private CallbackConditions() {
    }

    /**
     * Reads the conditions.
     *
     * @param codec the record type's codec
     * @param conditions the conditions as written
     * @param where the handler method, for error messages
     * @return the predicate
     * @throws FsmConfigurationException naming the method and condition when one cannot be read
     */
    static <T extends Record> Predicate<T> of(CallbackCodec<T> codec, String[] conditions, String where) {
        List<Predicate<T>> all = new ArrayList<>();
        for (String condition : conditions) {
            all.add(one(codec, condition, where));
        }
        return value -> all.stream().allMatch(p -> p.test(value));
    }

    private static <T extends Record> Predicate<T> one(CallbackCodec<T> codec, String condition, String where) {
        int at = condition.indexOf('=');
        boolean negated = at > 0 && condition.charAt(at - 1) == '!';
        String name = at < 0 ? "" : condition.substring(0, negated ? at - 1 : at).strip();
        if (name.isEmpty()) {
            throw new FsmConfigurationException(where + ": @OnCallback where = \"" + condition + "\" is not"
                    + " name=value or name!=value; write it like \"action=delete\"");
        }
        Set<@Nullable Object> expected = new HashSet<>();
        for (String literal : condition.substring(at + 1).split("\\|", -1)) {
            try {
                expected.add(codec.literal(name, literal.strip()));
            }
            catch (FsmConfigurationException ex) {
                throw new FsmConfigurationException(
                        where + ": @OnCallback where = \"" + condition + "\": " + ex.getMessage());
            }
        }
        return value -> {
            @Nullable
            Object actual = codec.component(value, name);
            return expected.contains(actual) != negated;
        };
    }
}
