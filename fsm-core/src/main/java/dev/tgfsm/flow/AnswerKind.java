package dev.tgfsm.flow;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What kind of answer a user gave at a flow's step: a text, a photo, a file, a shared contact or
 * location, or a vote in a poll the bot sent. See {@link Answer} for the value each kind carries and
 * {@link Accepts} for how a step says which kinds it takes.
 */
public enum AnswerKind {

    /** A text message, or a pressed button of the step. */
    TEXT("text"),

    /** A photo (the largest size is kept). */
    PHOTO("a photo"),

    /** A file sent as a document. */
    DOCUMENT("a document"),

    /** A video. */
    VIDEO("a video"),

    /** A voice message. */
    VOICE("a voice message"),

    /** A shared contact (for example from a {@code request_contact} button). */
    CONTACT("a contact"),

    /** A shared location (for example from a {@code request_location} button). */
    LOCATION("a location"),

    /** A vote in a non-anonymous poll the bot sent. */
    POLL_ANSWER("a poll answer");

    /** What the message codes of the "please send …" replies start with; the rest is the kind in lower case. */
    public static final String PREFIX = "tgfsm.answer.expected";

    private final String noun;

    AnswerKind(String noun) {
        this.noun = noun;
    }

    /**
     * Returns the English noun of this kind, as used in the "please send …" reply.
     *
     * @return for example {@code "a photo"}
     */
    public String noun() {
        return noun;
    }

    /**
     * Returns the verdict for an answer of a kind a step does not take: one code per kind when the
     * step takes one kind ({@code tgfsm.answer.expected.photo}: "Please send a photo."), else
     * {@code tgfsm.answer.expected} with the nouns joined as its argument.
     *
     * @param accepted the kinds the step takes, at least one
     * @return an invalid verdict
     */
    public static Validation mismatch(Set<AnswerKind> accepted) {
        List<AnswerKind> kinds = accepted.stream().sorted().toList();
        if (kinds.size() == 1) {
            AnswerKind kind = kinds.get(0);
            String text = switch (kind) {
                case TEXT -> "Please answer with text.";
                case CONTACT -> "Please share a contact (use the button below).";
                case LOCATION -> "Please share a location (use the button below).";
                case POLL_ANSWER -> "Please answer the poll.";
                default -> "Please send " + kind.noun + ".";
            };
            return Validation.error(PREFIX + "." + kind.name().toLowerCase(Locale.ROOT), List.of(), text);
        }
        String nouns = kinds.stream().map(k -> k == TEXT ? "text" : k.noun).collect(Collectors.joining(" or "));
        return Validation.error(PREFIX, List.of(nouns), "Please send " + nouns + ".");
    }
}
