package dev.tgfsm.outbound;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * A {@link TelegramClient} whose Bot API calls pass an {@link OutboundLimiter}: the client an
 * application injects, so that its own calls (a broadcast from a scheduled job, a handler calling
 * {@code execute(new SendMessage(...))}) keep Telegram's limits together with the library's calls,
 * shared by every instance through the limiter's store, and a {@code 429}'s {@code retry_after} is
 * waited and the call tried again.
 *
 * <p>What each kind of call takes:
 * <ul>
 * <li>{@code execute} of a message to a chat ({@code send*}, {@code copy*}, {@code forward*},
 * {@code edit*}, multipart ones such as {@code SendPhoto} and {@code SendMediaGroup} too): a permit of
 * the bot's global bucket, the chat's bucket and, for a group or channel, the group's bucket;</li>
 * <li>{@code delete*} and {@code sendChatAction}: a global permit only;</li>
 * <li>calls without a chat ({@code getMe}, {@code getFile}, {@code getUpdates}, {@code setWebhook},
 * {@code setMyCommands}, ...), reads of a chat ({@code getChat}, {@code getChatMember}, ...) and
 * answers ({@code answerCallbackQuery}, ...): none, but a {@code 429} is still waited and
 * retried;</li>
 * <li>file downloads ({@code downloadFile*}) are not Bot API calls and go straight through;</li>
 * <li>{@code executeAsync} waits for its permits on the given executor, not on the caller's thread,
 * then executes the call synchronously there: the future completes when the call is done.</li>
 * </ul>
 * A call the library executes through its own gate is charged there and passes this client without a
 * second permit, so the library may be given this client as well. Instances are proxies made by
 * {@link #wrap(TelegramClient, OutboundLimiter, Executor)}.
 */
public final class FloodControlledTelegramClient {

    private FloodControlledTelegramClient() {
    }

    /**
     * Wraps a client.
     *
     * @param delegate the client that sends
     * @param limiter the gate every call passes
     * @param async where {@code executeAsync} calls wait for their permits and are executed
     * @return the flood-controlled client
     */
    public static TelegramClient wrap(TelegramClient delegate, OutboundLimiter limiter, Executor async) {
        Objects.requireNonNull(delegate, "delegate must not be null");
        return (TelegramClient) Proxy.newProxyInstance(TelegramClient.class.getClassLoader(),
                new Class<?>[]{TelegramClient.class}, new Handler(bot -> delegate, null, limiter, async));
    }

    /**
     * Wraps the clients of several bots into one: each call is sent by the client of the bot that
     * {@code sender} names on the calling thread (asked once per call, before any wait, so an
     * {@code executeAsync} is sent by the bot of the thread that made it) and is charged to that bot's
     * buckets, also outside any update.
     *
     * @param clients the client of each bot, by bot id
     * @param sender the bot that sends a call made on the calling thread
     * @param limiter the gate every call passes
     * @param async where {@code executeAsync} calls wait for their permits and are executed
     * @return the flood-controlled client
     */
    public static TelegramClient wrap(LongFunction<TelegramClient> clients, LongSupplier sender,
            OutboundLimiter limiter, Executor async) {
        Objects.requireNonNull(clients, "clients must not be null");
        Objects.requireNonNull(sender, "sender must not be null");
        return (TelegramClient) Proxy.newProxyInstance(TelegramClient.class.getClassLoader(),
                new Class<?>[]{TelegramClient.class}, new Handler(clients, sender, limiter, async));
    }

    /**
     * Tells whether a client was made by {@link #wrap(TelegramClient, OutboundLimiter, Executor)}.
     *
     * @param client the client
     * @return {@code true} if its calls pass a limiter
     */
    public static boolean isFloodControlled(TelegramClient client) {
        return Proxy.isProxyClass(client.getClass()) && Proxy.getInvocationHandler(client) instanceof Handler;
    }

    /** Passes each call of the proxy through the limiter. */
    private static final class Handler implements InvocationHandler {

        private final LongFunction<TelegramClient> clients;

        /** The bot that sends a call of the calling thread; {@code null}: the limiter's current bot. */
        private final @Nullable LongSupplier sender;

        private final OutboundLimiter limiter;

        private final Executor async;

        Handler(LongFunction<TelegramClient> clients, @Nullable LongSupplier sender, OutboundLimiter limiter,
                Executor async) {
            this.clients = clients;
            this.sender = sender;
            this.limiter = Objects.requireNonNull(limiter, "limiter must not be null");
            this.async = Objects.requireNonNull(async, "async must not be null");
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
                throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "flood-controlled " + (sender == null ? clients.apply(0) : "client of several bots");
                };
            }
            long bot = sender != null ? sender.getAsLong() : 0;
            TelegramClient delegate = clients.apply(bot);
            if (args == null || args.length != 1 || !(args[0] instanceof PartialBotApiMethod<?> call)) {
                return forward(delegate, method, args); // file downloads, default methods
            }
            if (method.getName().equals("execute")) {
                return sender != null ? limiter.execute(bot, call, () -> forward(delegate, method, args))
                        : limiter.execute(call, () -> forward(delegate, method, args));
            }
            if (method.getName().equals("executeAsync")) {
                Method sync = TelegramClient.class.getMethod("execute", method.getParameterTypes());
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return sender != null ? limiter.execute(bot, call, () -> forward(delegate, sync, args))
                                : limiter.execute(call, () -> forward(delegate, sync, args));
                    }
                    catch (Exception ex) {
                        throw new CompletionException(ex);
                    }
                }, async);
            }
            return forward(delegate, method, args);
        }

        /** Calls the delegate, rethrowing what it threw. */
        @SuppressWarnings("unchecked")
        private <T> T forward(TelegramClient delegate, Method method, Object[] args) throws TelegramApiException {
            try {
                return (T) method.invoke(delegate, args);
            }
            catch (InvocationTargetException ex) {
                Throwable cause = ex.getCause();
                if (cause instanceof TelegramApiException api) {
                    throw api;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(cause);
            }
            catch (IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }
}
