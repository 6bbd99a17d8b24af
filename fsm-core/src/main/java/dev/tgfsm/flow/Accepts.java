package dev.tgfsm.flow;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.outbox.SentPolls;

/**
 * Which kinds of {@link Answer} a flow's step takes, how a non-text answer is checked, and an
 * optional reply-keyboard button that asks Telegram for the answer ({@code request_contact},
 * {@code request_location}). An answer of another kind gets a clear reply ("Please send a photo.")
 * and counts as an invalid attempt; a text answer still goes through the step's {@link Validator}
 * and transform, a non-text answer through {@link #validator()} and is stored as
 * {@link Answer#toMap()}.
 *
 * <pre>{@code
 * Accepts.contact("Share my phone number")   // a reply keyboard with a request_contact button
 * Accepts.of(AnswerKind.PHOTO, AnswerKind.DOCUMENT).validatedBy((answer, values) -> ...)
 * }</pre>
 *
 * @param kinds the kinds taken, at least one
 * @param validator checks non-text answers
 * @param button a reply-keyboard button shown with the prompt, or {@code null}
 */
public record Accepts(Set<AnswerKind> kinds, AnswerValidator validator, Keyboard.@Nullable Key button) {

    private static final Accepts TEXT = new Accepts(Set.of(AnswerKind.TEXT), AnswerValidator.any(), null);

    /**
     * Copies and checks the kinds.
     *
     * @param kinds the kinds taken, not empty
     * @param validator checks non-text answers, or {@code null} to accept all
     * @param button a reply-keyboard button shown with the prompt, or {@code null}
     */
    public Accepts {
        Objects.requireNonNull(kinds, "kinds must not be null");
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("A step must accept at least one kind of answer");
        }
        kinds = Set.copyOf(kinds);
        validator = validator != null ? validator : AnswerValidator.any();
    }

    /**
     * Text only (and the step's buttons): what a step takes by default.
     *
     * @return the rule
     */
    public static Accepts text() {
        return TEXT;
    }

    /**
     * Any of some kinds.
     *
     * @param first a kind
     * @param more more kinds
     * @return the rule
     */
    public static Accepts of(AnswerKind first, AnswerKind... more) {
        return new Accepts(EnumSet.of(first, more), null, null);
    }

    /**
     * A photo.
     *
     * @return the rule
     */
    public static Accepts photo() {
        return of(AnswerKind.PHOTO);
    }

    /**
     * A document.
     *
     * @return the rule
     */
    public static Accepts document() {
        return of(AnswerKind.DOCUMENT);
    }

    /**
     * A contact, asked for with a {@code request_contact} button; the keyboard is removed once
     * answered.
     *
     * @param buttonLabel the button's label, for example "Share my phone number"
     * @return the rule
     */
    public static Accepts contact(String buttonLabel) {
        return new Accepts(Set.of(AnswerKind.CONTACT), null,
                Keyboard.Key.requesting(buttonLabel, Keyboard.Request.CONTACT));
    }

    /**
     * A location, asked for with a {@code request_location} button; the keyboard is removed once
     * answered.
     *
     * @param buttonLabel the button's label, for example "Send my location"
     * @return the rule
     */
    public static Accepts location(String buttonLabel) {
        return new Accepts(Set.of(AnswerKind.LOCATION), null,
                Keyboard.Key.requesting(buttonLabel, Keyboard.Request.LOCATION));
    }

    /**
     * A vote in a (non-anonymous) poll the bot sent in the conversation with or after the step's
     * prompt: one recorded since the prompt (sent through the outbox, {@code Director.send},
     * {@code tx.outbox()}, or with {@code Director.execute}), or, while none is recorded, one the
     * conversation has no record of (sent straight through a {@code TelegramClient}, or whose
     * delivery was never confirmed because the process died). A vote in a poll recorded before the
     * prompt, or in another poll once the step's poll is recorded, is ignored and counts no attempt.
     * See {@link SentPolls}.
     *
     * @return the rule
     */
    public static Accepts pollAnswer() {
        return of(AnswerKind.POLL_ANSWER);
    }

    /**
     * A copy that checks non-text answers.
     *
     * @param check the validator
     * @return the copy
     */
    public Accepts validatedBy(AnswerValidator check) {
        return new Accepts(kinds, Objects.requireNonNull(check, "check must not be null"), button);
    }

    /**
     * A copy that also takes text (checked by the step's {@link Validator}).
     *
     * @return the copy
     */
    public Accepts orText() {
        Set<AnswerKind> more = EnumSet.copyOf(kinds);
        more.add(AnswerKind.TEXT);
        return new Accepts(more, validator, button);
    }

    /**
     * Tells whether an answer's kind is taken.
     *
     * @param kind the kind
     * @return {@code true} if taken
     */
    public boolean takes(AnswerKind kind) {
        return kinds.contains(kind);
    }

    /** The request button as the one row of a reply keyboard, or none. */
    List<List<Keyboard.Key>> buttonRows() {
        return button == null ? List.of() : List.of(List.of(button));
    }
}
