package dev.tgfsm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.key.KeyStrategy;

/**
 * How updates map to conversations ({@code tgfsm.key.*}): which ids make up a conversation's key.
 */
@ConfigurationProperties("tgfsm.key")
public class KeyProperties {

    /** The default key strategy. */
    public static final KeyStrategy DEFAULT_STRATEGY = KeyStrategy.USER_IN_CHAT;

    /** Which ids make up a conversation's key: user in chat, chat, user, user in topic, topic. */
    private KeyStrategy strategy = DEFAULT_STRATEGY;

    /**
     * Returns the key strategy.
     *
     * @return the strategy
     */
    public KeyStrategy getStrategy() {
        return strategy;
    }

    /**
     * Sets the key strategy.
     *
     * @param strategy the strategy
     */
    public void setStrategy(KeyStrategy strategy) {
        this.strategy = strategy;
    }

    /**
     * Which callback queries keep a conversation of their own message (python-telegram-bot's
     * per_message): 'none', 'inline-messages' (buttons of messages sent in inline mode, which have
     * no chat) or 'every-message'. Routes marked @PerMessage are keyed per message in any case.
     */
    private PerMessageKeys perMessage = PerMessageKeys.NONE;

    /**
     * Returns which callback queries are keyed per message.
     *
     * @return the choice
     */
    public PerMessageKeys getPerMessage() {
        return perMessage;
    }

    /**
     * Sets which callback queries are keyed per message.
     *
     * @param perMessage the choice
     */
    public void setPerMessage(PerMessageKeys perMessage) {
        this.perMessage = perMessage;
    }
}
