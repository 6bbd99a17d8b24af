package dev.tgfsm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.history.HistoryManager;

/**
 * State history, the "back" stack ({@code tgfsm.history.*}).
 */
@ConfigurationProperties("tgfsm.history")
public class HistoryProperties {

    /** The default number of history entries kept per conversation. */
    public static final int DEFAULT_SIZE = HistoryManager.DEFAULT_SIZE;

    /** Entries kept per conversation, oldest dropped first; at least 1. */
    private int size = DEFAULT_SIZE;

    /**
     * Returns the history size.
     *
     * @return the size
     */
    public int getSize() {
        return size;
    }

    /**
     * Sets the history size.
     *
     * @param size the size
     */
    public void setSize(int size) {
        this.size = size;
    }
}
