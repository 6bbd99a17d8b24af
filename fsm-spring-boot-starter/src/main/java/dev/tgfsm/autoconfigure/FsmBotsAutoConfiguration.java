package dev.tgfsm.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.album.AlbumCollector;
import dev.tgfsm.autoconfigure.timeout.BotTimeoutSchedulers;
import dev.tgfsm.autoconfigure.timeout.FsmTimeoutAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.RestartNoticeProperties;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.CorruptRecordRecovery;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.dispatch.UpdateObserver;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.telegram.BotFleet;
import dev.tgfsm.telegram.BotIdentity;
import dev.tgfsm.telegram.BotUsernameLookup;
import dev.tgfsm.telegram.FsmBots;
import dev.tgfsm.telegram.IntakeStatus;
import dev.tgfsm.telegram.UpdateIntakeListener;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutPolicy;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Auto-configuration of several bots in one application ({@code tgfsm.bots[*]}, next to
 * {@code tgfsm.bot}): the {@link FsmBots} registry with a Bot API client per bot, the application's
 * {@link TelegramClient} that sends through the client of the bot whose update is being handled, and
 * the {@link BotFleet} of the further bots, each with its own long polling (or, when
 * {@code tgfsm.bot.webhook.enabled=true}, its own webhook path, secret and registration) and update dispatcher
 * (sharing the handlers, the pipeline and the storage), timeout scheduler and restart notice, acting
 * only on its own conversations; its albums run on its own dispatcher and are taken over by its own
 * scheduler. Handlers tell the bots apart with a {@link BotIdentity} parameter.
 */
// after FsmTelegramAutoConfiguration too, which says so (its package uses this one)
@AutoConfiguration(after = FsmAutoConfiguration.class, before = FsmTimeoutAutoConfiguration.class)
@ConditionalOnClass(OkHttpTelegramClient.class)
@ConditionalOnProperty("tgfsm.bots[0].token")
@EnableConfigurationProperties({BotProperties.class, BotsProperties.class, RestartNoticeProperties.class})
public final class FsmBotsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FsmBots fsmBots(DispatcherProperties dispatcherProperties, BotProperties botProperties, BotsProperties bots,
            ObjectProvider<OkHttpTelegramClient> primary) {
        Map<BotIdentity, TelegramClient> clients = new LinkedHashMap<>();
        OkHttpTelegramClient first = primary.getIfUnique();
        if (first != null) {
            clients.put(new BotIdentity(IntakeStatus.DEFAULT_BOT, FsmPropertiesMapper.botId(botProperties),
                    botProperties.getUsername()), first);
        }
        List<BotsProperties.Bot> further = bots.getBots();
        for (int i = 0; i < further.size(); i++) {
            BotsProperties.Bot bot = further.get(i);
            String where = "tgfsm.bots[" + i + "]";
            if (bot.getName() == null || bot.getName().isBlank() || bot.getToken() == null
                    || bot.getToken().isBlank()) {
                throw new FsmConfigurationException(where + " needs a name and a token.",
                        "Set " + where + ".name (unique in the application) and " + where + ".token.");
            }
            BotIdentity identity = new BotIdentity(bot.getName().trim(),
                    FsmPropertiesMapper.botId(bot.getToken(), bot.getId(), where), bot.getUsername());
            if (clients.keySet().stream().anyMatch(
                    (known) -> known.id() == identity.id() || known.name().equals(identity.name()))) {
                throw new FsmConfigurationException(where + " has the name or bot id of another bot ('"
                        + identity.name() + "', " + identity.id() + ").",
                        "Give every bot of tgfsm.bot and tgfsm.bots its own name and token.");
            }
            clients.put(identity, TelegramIntakes.client(bot.getToken().trim(), bot.getApiUrl(),
                    dispatcherProperties.getThreads()));
        }
        return new FsmBots(clients);
    }

    /**
     * The application's client: sends through the client of the bot whose update is being handled,
     * behind the flood limiter unless {@code tgfsm.bot.flood.limit-application-calls=false}.
     */
    @Bean
    @Primary
    @ConditionalOnMissingBean(name = "fsmRoutingTelegramClient")
    TelegramClient fsmRoutingTelegramClient(FsmBots bots, ObjectProvider<OutboundLimiter> limiter,
            BotProperties botProperties) {
        OutboundLimiter gate = limiter.getIfAvailable();
        return gate == null ? bots.routingClient()
                : FsmFloodControlAutoConfiguration.applicationClient(bots, gate, botProperties.getFlood());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(UpdateDispatcher.class)
    @ConditionalOnExpression("${tgfsm.bot.polling.enabled:true} or ${tgfsm.bot.webhook.enabled:false}")
    BotFleet fsmBotFleet(KeyProperties keyProperties, DispatcherProperties dispatcherProperties, BotsProperties bots,
            FsmBots registry, FsmContexts contexts,
            UpdatePipeline pipeline, BotProperties botProperties, ObjectProvider<DispatchListener> listeners,
            ObjectProvider<CorruptRecordRecovery> corruptRecords, ObjectProvider<UpdateObserver> observer,
            ObjectProvider<UpdateDispatcherCustomizer> customizers,
            ObjectProvider<UpdateIntakeListener> intakeListeners,
            ObjectProvider<UpdateHandler> handler, ObjectProvider<SceneNavigator> scenes,
            ObjectProvider<FlowEngine> flows,
            ObjectProvider<TimeoutScheduler> primaryTimeouts,
            ObjectProvider<TimeoutPolicy> timeoutPolicy, ObjectProvider<BotTimeoutSchedulers> schedulers,
            RestartNoticeProperties notices, ObjectProvider<AlbumCollector> albums,
            @Qualifier(FsmAutoConfiguration.CLOCK_BEAN_NAME) Clock clock, ObjectProvider<MessageResolver> messages) {
        BotProperties.Polling polling = botProperties.getPolling();
        BotProperties.Webhook webhook = botProperties.getWebhook();
        List<BotFleet.Member> members = new ArrayList<>();
        BotUsernameLookup usernames = new BotUsernameLookup();
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(webhook.getPath(), "tgfsm.bot.webhook.path");
        AlbumCollector collector = albums.getIfAvailable();
        BotTimeoutSchedulers timeoutSchedulers = schedulers.getIfAvailable();
        boolean timeouts = primaryTimeouts.getIfAvailable() != null && timeoutSchedulers != null
                && (collector != null || timeoutPolicy.getObject().coversAnything());
        for (BotsProperties.Bot bot : bots.getBots()) {
            BotIdentity identity = registry.bots().stream().filter((b) -> b.name().equals(bot.getName().trim()))
                    .findFirst().orElseThrow();
            UpdateDispatcher dispatcher = FsmAutoConfiguration.dispatcher(identity.id(), keyProperties,
                    dispatcherProperties, contexts, pipeline,
                    listeners, corruptRecords, observer, customizers);
            dispatcher.setBotUsername(bot.getUsername());
            usernames.add("tgfsm.bots[" + members.size() + "]", bot.getUsername(), dispatcher,
                    registry.client(identity.id()));
            String where = "tgfsm.bots[" + members.size() + "].webhook";
            SmartLifecycle intake = !webhook.isEnabled()
                    ? TelegramIntakes.longPolling(identity, bot.getToken().trim(), bot.getApiUrl(), polling,
                            bot.getPolling().isDropPendingUpdates(), dispatcher,
                            intakeListeners.orderedStream().toList(), handler, scenes, flows)
                    : TelegramIntakes.webhook(identity, webhookPath(bot, where, paths),
                            bot.getWebhook().getSecretToken(), bot.getWebhook().getUrl(),
                            bot.getWebhook().isDropPendingUpdates(), registry.client(identity.id()), webhook,
                            dispatcher,
                            intakeListeners.orderedStream().toList(), handler, scenes, flows);
            TimeoutScheduler scheduler = timeouts ? timeoutSchedulers.create(identity.id()) : null;
            RestartNotifier restart = notices.isEnabled()
                    ? new RestartNotifier(identity.id(), contexts, clock, notices.getWindow(),
                            notices.getText())
                    : null;
            if (scheduler != null) {
                messages.ifAvailable(scheduler::setMessages);
            }
            if (restart != null) {
                messages.ifAvailable(restart::setMessages);
            }
            if (collector != null) {
                collector.attach(dispatcher);
                if (scheduler != null) {
                    scheduler.handleDestiny(AlbumCollector.DESTINY, collector::onDue);
                }
            }
            members.add(new BotFleet.Member(identity, intake, scheduler, restart));
        }
        BotFleet fleet = new BotFleet(members);
        fleet.setUsernameLookup(usernames::start);
        return fleet;
    }

    /** The bot's webhook path, checked to be absolute and not the path of another bot. */
    private static String webhookPath(BotsProperties.Bot bot, String where, Map<String, String> taken) {
        String configured = bot.getWebhook().getPath();
        String path = configured == null || configured.isBlank()
                ? BotsProperties.Webhook.DEFAULT_PATH.replace("{name}", bot.getName().trim()) : configured.trim();
        if (!path.startsWith("/")) {
            throw new FsmConfigurationException(where + ".path '" + path + "' is not an absolute path.",
                    "Set " + where + ".path to a path starting with /, for example /telegram/webhook/"
                            + bot.getName().trim() + ".");
        }
        String other = taken.putIfAbsent(path, where + ".path");
        if (other != null) {
            throw new FsmConfigurationException(where + ".path '" + path + "' is also the path of " + other
                    + "; each bot needs its own webhook path.",
                    "Give every bot of tgfsm.bot.webhook and tgfsm.bots[*].webhook its own path (the default is "
                            + BotsProperties.Webhook.DEFAULT_PATH + ").");
        }
        return path;
    }
}
