package dev.tgfsm.architecture;

import java.util.List;
import java.util.Map;

/**
 * A public type that shows package-private and private types in every place {@link ApiTypeLeaks}
 * searches, and keeps them out of the places it must not report, for {@link ApiTypeLeaksTests}. Not
 * used by anything else.
 */
public class ApiLeakFixture {

    /** A field of a type users cannot name. */
    public Hidden field = new Hidden();

    /** A protected field of a nameable protected nested type: not a leak. */
    protected Shared shared = new Shared();

    /** A private field: not API, not a leak. */
    @SuppressWarnings("unused")
    private Hidden privateField = new Hidden();

    /**
     * A constructor that takes a type users cannot name and throws another.
     *
     * @param hidden anything
     * @throws HiddenException never
     */
    public ApiLeakFixture(Hidden hidden) throws HiddenException {
    }

    /**
     * A type users cannot name as a type argument of the return type.
     *
     * @return an empty list
     */
    public List<Hidden> returnsList() {
        return List.of();
    }

    /**
     * A type users cannot name as a wildcard bound, in a protected method.
     *
     * @return an empty map
     */
    protected Map<String, ? super Hidden> returnsWildcard() {
        return Map.of();
    }

    /**
     * A private nested type as an array's element.
     *
     * @return an empty array
     */
    public Secret[] returnsArray() {
        return new Secret[0];
    }

    /**
     * A type users cannot name as a bound of a method's type parameter.
     *
     * @param <T> the bounded type
     * @param value anything
     */
    public <T extends Hidden> void bounded(T value) {
    }

    /**
     * A nameable protected nested type and primitives: not a leak.
     *
     * @param shared anything
     * @param count anything
     * @return the argument
     */
    public Shared nameable(Shared shared, int count) {
        return shared;
    }

    /**
     * A package-private member: not API, not a leak.
     *
     * @return a new hidden value
     */
    Hidden packageMember() {
        return new Hidden();
    }

    /** A public nested type, API too, whose superclass and interface users cannot name. */
    public static class Extending extends Hidden implements Comparable<Secret> {

        @Override
        public int compareTo(Secret other) {
            return 0;
        }
    }

    /** A package-private type. */
    static class Hidden {
    }

    /** A package-private exception. */
    static class HiddenException extends Exception {

        private static final long serialVersionUID = 1L;
    }

    /** A private type. */
    private static final class Secret {
    }

    /** A protected type, which a subclass may name. */
    protected static class Shared {
    }
}
