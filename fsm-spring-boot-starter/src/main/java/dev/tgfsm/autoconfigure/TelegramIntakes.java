package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.telegram.AllowedUpdateTypes;
import dev.tgfsm.telegram.BotIdentity;
import dev.tgfsm.telegram.BotWebhook;
import dev.tgfsm.telegram.CallerThreadTelegramClient;
import dev.tgfsm.telegram.LongPollingIntake;
import dev.tgfsm.telegram.TelegramUrls;
import dev.tgfsm.telegram.TimedCleanupPool;
import dev.tgfsm.telegram.UpdateIntakeListener;
import dev.tgfsm.telegram.WebhookIntake;
import dev.tgfsm.telegram.WebhookRegistration;

/**
 * Builds a bot's Bot API client, {@link LongPollingIntake}, {@link WebhookIntake} and
 * {@link WebhookRegistration} from the shared settings of {@code tgfsm.bot.polling} and
 * {@code tgfsm.bot.webhook} and the bot's own token, secret and URL, checking the settings with clear
 * errors; used for the bot of {@code tgfsm.bot} and for each bot of {@code tgfsm.bots}.
 *
 * <p>Internal: used by tgfsm's auto-configurations, not meant for applications.
 */
@Internal
public final class TelegramIntakes {

    private TelegramIntakes() {
    }

    /**
     * Creates a further bot's Bot API client, with as many parallel requests as the default bot's.
     *
     * @param token the bot's token
     * @param apiUrl the Bot API server, or {@code null} for api.telegram.org
     * @param workers the dispatcher's workers
     * @return the client
     */
    public static OkHttpTelegramClient client(String token, @Nullable String apiUrl, int workers) {
        return new CallerThreadTelegramClient(httpClient(workers), token, url(apiUrl));
    }

    /**
     * Creates a further bot's long polling, with the settings of {@code tgfsm.bot.polling} and the
     * update kinds the handlers route.
     *
     * @param identity the bot
     * @param token its token
     * @param apiUrl its Bot API server, or {@code null} for api.telegram.org
     * @param polling the polling settings
     * @param dropPendingUpdates whether the start-up {@code deleteWebhook} drops the updates Telegram
     *        holds for this bot (its own setting, not that of {@code polling})
     * @param dispatcher the bot's own dispatcher
     * @param listeners told about updates that cannot be parsed
     * @param handler the application's handler
     * @param scenes the scene engine
     * @param flows the flow engine
     * @return the intake, not started
     */
    public static LongPollingIntake longPolling(BotIdentity identity, String token, @Nullable String apiUrl,
            BotProperties.Polling polling, boolean dropPendingUpdates, UpdateDispatcher dispatcher,
            List<UpdateIntakeListener> listeners, ObjectProvider<UpdateHandler> handler,
            ObjectProvider<SceneNavigator> scenes, ObjectProvider<FlowEngine> flows) {
        LongPollingIntake intake = longPollingIntake(token, url(apiUrl), polling, dropPendingUpdates, dispatcher,
                listeners,
                AllowedUpdateTypes.of(apiNames(polling.getAllowedUpdates()), identity.id(), handler, scenes, flows));
        intake.setBotName(identity.name());
        return intake;
    }

    /**
     * Creates a further bot's webhook, with the shared settings of {@code tgfsm.bot.webhook} and the
     * bot's own path, secret token, URL and choice to drop pending updates.
     *
     * @param identity the bot
     * @param path the path of its endpoint
     * @param secretToken its secret token, or {@code null}
     * @param url its public URL, or {@code null} to register the webhook yourself
     * @param dropPendingUpdates whether its {@code setWebhook} drops the updates Telegram holds for it
     * @param client its own Bot API client, which calls {@code setWebhook}
     * @param properties the shared webhook settings
     * @param dispatcher the bot's own dispatcher
     * @param listeners told about updates that cannot be parsed
     * @param handler the application's handler
     * @param scenes the scene engine
     * @param flows the flow engine
     * @return the webhook, not started
     */
    public static BotWebhook webhook(BotIdentity identity, String path, @Nullable String secretToken,
            @Nullable String url, boolean dropPendingUpdates, TelegramClient client, BotProperties.Webhook properties,
            UpdateDispatcher dispatcher, List<UpdateIntakeListener> listeners, ObjectProvider<UpdateHandler> handler,
            ObjectProvider<SceneNavigator> scenes, ObjectProvider<FlowEngine> flows) {
        WebhookRegistration registration = null;
        if (url != null && !url.isBlank()) {
            registration = registration(client, url, secretToken, dropPendingUpdates, properties, identity.id(),
                    handler, scenes, flows);
            registration.setBotName(identity.name());
        }
        return WebhookRegistration.webhook(path, intake(dispatcher, secretToken, properties, listeners), dispatcher,
                registration);
    }

    /**
     * Returns the Bot API's names of update kinds, as {@code allowed_updates} lists them.
     *
     * @param kinds the kinds, may be {@code null}
     * @return their names, empty for {@code null}
     */
    public static List<String> apiNames(@Nullable List<BotApiUpdateType> kinds) {
        return kinds == null ? List.of() : kinds.stream().map(BotApiUpdateType::apiName).toList();
    }

    private static TelegramUrl url(@Nullable String apiUrl) {
        return apiUrl == null || apiUrl.isBlank() ? TelegramUrl.DEFAULT_URL : TelegramUrls.parse(apiUrl);
    }

    /**
     * The HTTP client of the Bot API client. OkHttp allows 5 concurrent requests per host by
     * default, fewer than the dispatcher's workers that send replies at once, which then queued
     * behind each other (seen in the end-to-end benchmark): allow every worker a request, plus a
     * few for the outbox flusher and the timeouts. Its connection pool is cleaned up on a timer
     * ({@link TimedCleanupPool}), not after every call.
     *
     * @param workers the dispatcher's workers
     * @return the HTTP client
     */
    public static OkHttpClient httpClient(int workers) {
        Dispatcher calls = new Dispatcher();
        int parallel = Math.max(5, workers + 4);
        calls.setMaxRequestsPerHost(parallel);
        calls.setMaxRequests(Math.max(64, parallel));
        return new OkHttpClient.Builder().dispatcher(calls)
                .connectionPool(TimedCleanupPool.create()).build();
    }

    /**
     * Creates a bot's long polling from {@code tgfsm.bot.polling}, failing on a bad setting.
     *
     * @param token the bot's token
     * @param url its Bot API server
     * @param polling the polling settings
     * @param dropPendingUpdates whether the start-up {@code deleteWebhook} drops the updates Telegram holds
     * @param dispatcher the bot's dispatcher
     * @param listeners told about updates that cannot be parsed
     * @param allowedUpdates the update kinds to ask for
     * @return the intake, not started
     */
    public static LongPollingIntake longPollingIntake(String token, TelegramUrl url, BotProperties.Polling polling,
            boolean dropPendingUpdates, UpdateDispatcher dispatcher, List<UpdateIntakeListener> listeners,
            Supplier<List<String>> allowedUpdates) {
        Duration timeout = polling.getTimeout();
        if (timeout == null || timeout.isNegative()) {
            throw new FsmConfigurationException("tgfsm.bot.polling.timeout must be zero or positive, was "
                    + timeout + ".", "Set tgfsm.bot.polling.timeout to a number of seconds, for example 50s.");
        }
        if (polling.getLimit() < 1 || polling.getLimit() > 100) {
            throw new FsmConfigurationException("tgfsm.bot.polling.limit must be 1 to 100, was "
                    + polling.getLimit() + ".", "Set tgfsm.bot.polling.limit to at most 100 (Telegram's limit).");
        }
        Duration maxBackOff = polling.getMaxBackOff();
        if (maxBackOff == null || maxBackOff.compareTo(Duration.ofMillis(100)) < 0) {
            throw new FsmConfigurationException("tgfsm.bot.polling.max-back-off must be at least 100ms, was "
                    + maxBackOff + ".", "Set tgfsm.bot.polling.max-back-off to, for example, 10s.");
        }
        LongPollingIntake intake = new LongPollingIntake(token, url, dispatcher, timeout, polling.getLimit(),
                maxBackOff);
        intake.setListeners(listeners);
        intake.setAllowedUpdates(allowedUpdates);
        intake.setDropPendingUpdates(dropPendingUpdates);
        return intake;
    }

    /**
     * Creates a bot's webhook intake from {@code tgfsm.bot.webhook}, failing on a bad setting.
     *
     * @param dispatcher the bot's dispatcher
     * @param secretToken its secret token, or {@code null}
     * @param properties the webhook settings
     * @param listeners told about updates that cannot be parsed
     * @return the intake
     */
    public static WebhookIntake intake(UpdateDispatcher dispatcher, @Nullable String secretToken,
            BotProperties.Webhook properties, List<UpdateIntakeListener> listeners) {
        long maxBody = properties.getMaxBodySize().toBytes();
        Duration timeout = properties.getAnswerTimeout();
        if (maxBody < 1 || maxBody > Integer.MAX_VALUE || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new FsmConfigurationException("tgfsm.bot.webhook.max-body-size (" + properties.getMaxBodySize()
                    + ") and tgfsm.bot.webhook.answer-timeout (" + timeout + ") must be positive.",
                    "Set tgfsm.bot.webhook.max-body-size to, for example, 1MB and answer-timeout to 30s.");
        }
        WebhookIntake intake = new WebhookIntake(dispatcher, secretToken, (int) maxBody, timeout);
        intake.setListeners(listeners);
        return intake;
    }

    /**
     * Creates a bot's {@code setWebhook} call from {@code tgfsm.bot.webhook}, failing on a bad setting.
     *
     * @param client the bot's Bot API client
     * @param url its public URL
     * @param secretToken its secret token, or {@code null}
     * @param dropPendingUpdates whether {@code setWebhook} drops the updates Telegram holds
     * @param properties the webhook settings
     * @param bot the bot's id, or {@code null} for every route
     * @param handler the application's handler
     * @param scenes the scene engine
     * @param flows the flow engine
     * @return the registration, not started
     */
    public static WebhookRegistration registration(TelegramClient client, String url, @Nullable String secretToken,
            boolean dropPendingUpdates, BotProperties.Webhook properties, @Nullable Long bot,
            ObjectProvider<UpdateHandler> handler,
            ObjectProvider<SceneNavigator> scenes, ObjectProvider<FlowEngine> flows) {
        int connections = properties.getMaxConnections();
        if (connections < 1 || connections > 100) {
            throw new FsmConfigurationException("tgfsm.bot.webhook.max-connections must be 1 to 100, was "
                    + connections + ".", "Set tgfsm.bot.webhook.max-connections to at most 100 (Telegram's limit).");
        }
        WebhookRegistration registration = new WebhookRegistration(client, url.trim(), secretToken, connections,
                dropPendingUpdates);
        registration
                .setAllowedUpdates(AllowedUpdateTypes.of(apiNames(properties.getAllowedUpdates()), bot, handler, scenes,
                        flows));
        return registration;
    }
}
