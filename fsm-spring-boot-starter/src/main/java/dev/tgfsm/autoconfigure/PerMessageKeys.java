package dev.tgfsm.autoconfigure;

import dev.tgfsm.key.MessageKeying;

/**
 * The choices of {@code tgfsm.key.per-message}: which callback queries keep a conversation of their
 * own message ({@link MessageKeying}).
 *
 * <p>The type of {@link KeyProperties#getPerMessage()}; in properties files it is written in kebab
 * case, such as {@code inline-messages}.
 */
public enum PerMessageKeys {

    /** None, but those of routes marked per message (the default). */
    NONE(MessageKeying.none()),

    /** Those of messages sent in inline mode ({@link MessageKeying#inlineMessages()}). */
    INLINE_MESSAGES(MessageKeying.inlineMessages()),

    /** Every callback query ({@link MessageKeying#everyMessage()}). */
    EVERY_MESSAGE(MessageKeying.everyMessage());

    private final MessageKeying rule;

    PerMessageKeys(MessageKeying rule) {
        this.rule = rule;
    }

    /**
     * Returns the rule of this choice.
     *
     * @return the rule
     */
    public MessageKeying rule() {
        return rule;
    }
}
