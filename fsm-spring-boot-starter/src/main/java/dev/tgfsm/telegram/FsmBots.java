package dev.tgfsm.telegram;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * The bots an application serves ({@code tgfsm.bot} and {@code tgfsm.bots}) with each one's Bot API
 * client: the outbox, the timeouts and the restart notices send a conversation's calls through the
 * client of the bot in its key, and {@link #routingClient()} is the application's
 * {@link TelegramClient}, which sends through the client of the bot whose update is being handled.
 * The first bot is the default, for calls made outside any update. Immutable once built.
 */
public final class FsmBots {

    private final Map<Long, BotIdentity> identities = new LinkedHashMap<>();

    private final Map<Long, TelegramClient> clients = new LinkedHashMap<>();

    private final TelegramClient routing;

    /**
     * Creates the registry.
     *
     * @param bots each bot with its client, the default first
     * @throws IllegalArgumentException if two bots have one id or one name, or none is given
     */
    public FsmBots(Map<BotIdentity, TelegramClient> bots) {
        Objects.requireNonNull(bots, "bots must not be null");
        if (bots.isEmpty()) {
            throw new IllegalArgumentException("at least one bot is needed");
        }
        List<String> names = new ArrayList<>();
        bots.forEach((identity, client) -> {
            if (identities.containsKey(identity.id()) || names.contains(identity.name())) {
                throw new IllegalArgumentException("two bots have the id " + identity.id() + " or the name '"
                        + identity.name() + "'");
            }
            names.add(identity.name());
            identities.put(identity.id(), identity);
            clients.put(identity.id(), Objects.requireNonNull(client, "client must not be null"));
        });
        this.routing = (TelegramClient) Proxy.newProxyInstance(TelegramClient.class.getClassLoader(),
                new Class<?>[]{TelegramClient.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "TelegramClient of the current update's bot among " + names;
                        };
                    }
                    try {
                        return method.invoke(client(currentBot()), args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    /**
     * Returns the bots, the default first.
     *
     * @return the bots
     */
    public List<BotIdentity> bots() {
        return List.copyOf(identities.values());
    }

    /**
     * Returns a bot.
     *
     * @param botId the bot's id
     * @return the bot, or the default bot when the id is not one of them
     */
    public BotIdentity identity(long botId) {
        BotIdentity identity = identities.get(botId);
        return identity != null ? identity : identities.values().iterator().next();
    }

    /**
     * Returns the client of a bot.
     *
     * @param botId the bot's id
     * @return its client, or the default bot's when the id is not one of them
     */
    public TelegramClient client(long botId) {
        TelegramClient client = clients.get(botId);
        return client != null ? client : clients.values().iterator().next();
    }

    /**
     * Returns the client that sends through the bot of the update being handled on the calling thread
     * (the default bot outside an update).
     *
     * @return the routing client
     */
    public TelegramClient routingClient() {
        return routing;
    }

    /**
     * Returns the bot whose client the {@linkplain #routingClient() routing client} sends through on the
     * calling thread: the bot of the update being handled, else the default (first) bot.
     *
     * @return the bot's id
     */
    public long currentBot() {
        return CurrentUpdate.find().map(UpdateContext::botId).filter(clients::containsKey)
                .orElseGet(() -> identities.keySet().iterator().next());
    }

    /**
     * Closes the idle connections of the clients tgfsm created for the bots, as the application stops
     * (Spring calls it on the bean); an application's own clients are left to the application. Calls
     * made later still work: they open new connections.
     */
    public void close() {
        clients.values().forEach(client -> {
            if (client instanceof CallerThreadTelegramClient ours) {
                ours.close();
            }
        });
    }
}
