package dev.tgfsm.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Further bots served by the same application and the same store ({@code tgfsm.bots[*]}), next to the
 * bot of {@code tgfsm.bot}. Each gets its own Bot API client, long polling, update dispatcher (sharing
 * the handlers and the storage), idle timeouts and restart notices, all acting only on its own
 * conversations (the bot id is part of every key); the polling, dispatcher, timeout and outbox
 * settings are shared.
 */
@ConfigurationProperties("tgfsm")
public class BotsProperties {

    /** The further bots, each with a unique name and token. */
    private List<Bot> bots = new ArrayList<>();

    /** @return the further bots */
    public List<Bot> getBots() {
        return bots;
    }

    /** @param bots the further bots */
    public void setBots(List<Bot> bots) {
        this.bots = bots;
    }

    /**
     * One further bot.
     */
    public static class Bot {

        /** The bot's name, unique in the application; handlers see it in BotIdentity. */
        private String name;

        /** The bot's token from BotFather. */
        private String token;

        /** The bot's username without @, so that /command@OtherBot is not taken as its command. */
        private String username;

        /** The base URL of the Bot API server for this bot; unset means api.telegram.org. */
        private String apiUrl;

        /** The bot id in conversation keys; unset means the numeric prefix of the token. */
        private Long id;

        /** @return the name */
        public String getName() {
            return name;
        }

        /** @param name the name */
        public void setName(String name) {
            this.name = name;
        }

        /** @return the token */
        public String getToken() {
            return token;
        }

        /** @param token the token */
        public void setToken(String token) {
            this.token = token;
        }

        /** @return the username */
        public String getUsername() {
            return username;
        }

        /** @param username the username */
        public void setUsername(String username) {
            this.username = username;
        }

        /** @return the Bot API URL */
        public String getApiUrl() {
            return apiUrl;
        }

        /** @param apiUrl the Bot API URL */
        public void setApiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
        }

        /** @return the bot id, or {@code null} */
        public Long getId() {
            return id;
        }

        /** @param id the bot id */
        public void setId(Long id) {
            this.id = id;
        }
    }
}
