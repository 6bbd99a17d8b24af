package dev.tgfsm.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.context.DataScope;

/**
 * Settings of the data scoped beyond one conversation ({@code tgfsm.scopes.*}): the user's data
 * across chats, the chat's across users, the bot's across all.
 */
@ConfigurationProperties("tgfsm.scopes")
public class ScopeProperties {

    /**
     * The scopes loaded with every update's conversation, in the same storage call where the storage
     * can (always on standalone Redis and SQL; on Redis Cluster only where the scope shares the
     * conversation's hash slot, as a user's data and the user's private chat do); other scopes are
     * loaded when first used. USER holds the preferences, so it is declared by default.
     */
    private List<DataScope> preload = new ArrayList<>(List.of(DataScope.USER));

    /**
     * Returns the scopes loaded with every conversation.
     *
     * @return the scopes
     */
    public List<DataScope> getPreload() {
        return preload;
    }

    /**
     * Sets the scopes loaded with every conversation.
     *
     * @param preload the scopes; empty to load every scope when first used
     */
    public void setPreload(List<DataScope> preload) {
        this.preload = preload;
    }
}
