package dev.tgfsm.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import dev.tgfsm.autoconfigure.PollingProperties;
import dev.tgfsm.autoconfigure.WebhookProperties;
import dev.tgfsm.autoconfigure.timeout.TimeoutLifecycle;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * The further bots of {@code tgfsm.bots} at run time: each one's intake (long polling, or its
 * {@link BotWebhook} when {@code tgfsm.bot.webhook.enabled=true}; either feeds the bot's own update
 * dispatcher and drains it when stopping), its timeout scheduler and its restart notice, all acting on
 * that bot's conversations only. Starts and stops them with the application, in the phase of the
 * default bot's long polling.
 */
public final class BotFleet implements SmartLifecycle {

    /**
     * One further bot's moving parts.
     *
     * @param identity the bot
     * @param intake its long polling ({@link LongPollingIntake}) or its webhook ({@link BotWebhook})
     * @param timeouts its timeout scheduler, or {@code null} when no state can time out
     * @param notices its restart notice, or {@code null} when off
     */
    public record Member(BotIdentity identity, SmartLifecycle intake, TimeoutScheduler timeouts,
            RestartNotifier notices) {

        /**
         * Creates a member.
         *
         * @param identity the bot
         * @param intake its long polling or its webhook
         * @param timeouts its timeout scheduler, or {@code null}
         * @param notices its restart notice, or {@code null}
         */
        public Member {
            Objects.requireNonNull(identity, "identity must not be null");
            Objects.requireNonNull(intake, "intake must not be null");
        }
    }

    private final List<Member> members;

    /** Each member's timeout scheduler and restart notice, in the order of the members. */
    private final List<TimeoutLifecycle> timeouts;

    private volatile boolean running;

    private BotUsernameLookup usernames = new BotUsernameLookup();

    /**
     * Creates the fleet.
     *
     * @param members the further bots
     */
    public BotFleet(List<Member> members) {
        this.members = List.copyOf(Objects.requireNonNull(members, "members must not be null"));
        this.timeouts = this.members.stream()
                .map(member -> new TimeoutLifecycle(member.timeouts(), member.notices(), member.identity().name()))
                .toList();
    }

    /**
     * Sets the lookup of the usernames of bots configured without one, run when the fleet starts,
     * before its bots take updates.
     *
     * @param usernames the lookup
     */
    public void setUsernameLookup(BotUsernameLookup usernames) {
        this.usernames = Objects.requireNonNull(usernames, "usernames must not be null");
    }

    /**
     * Creates a further bot's Bot API client, with as many parallel requests as the default bot's.
     *
     * @param token the bot's token
     * @param apiUrl the Bot API server, or {@code null} for api.telegram.org
     * @param workers the dispatcher's workers
     * @return the client
     */
    public static OkHttpTelegramClient client(String token, String apiUrl, int workers) {
        TelegramUrl url = apiUrl == null || apiUrl.isBlank() ? TelegramUrl.DEFAULT_URL : TelegramUrls.parse(apiUrl);
        return new OkHttpTelegramClient(FsmTelegramAutoConfiguration.ClientConfiguration.httpClient(workers), token,
                url);
    }

    /**
     * Creates a further bot's long polling, with the settings of {@code tgfsm.bot.polling} and the
     * update kinds the handlers route.
     *
     * @param identity the bot
     * @param token its token
     * @param apiUrl its Bot API server, or {@code null} for api.telegram.org
     * @param polling the polling settings
     * @param dispatcher the bot's own dispatcher
     * @param listeners told about updates that cannot be parsed
     * @param handler the application's handler
     * @param scenes the scene engine
     * @param flows the flow engine
     * @return the intake, not started
     */
    public static LongPollingIntake intake(BotIdentity identity, String token, String apiUrl,
            PollingProperties polling, UpdateDispatcher dispatcher, List<UpdateIntakeListener> listeners,
            ObjectProvider<UpdateHandler> handler, ObjectProvider<SceneNavigator> scenes, ObjectProvider<FlowEngine> flows) {
        TelegramUrl url = apiUrl == null || apiUrl.isBlank() ? TelegramUrl.DEFAULT_URL : TelegramUrls.parse(apiUrl);
        LongPollingIntake intake = FsmTelegramAutoConfiguration.longPollingIntake(token, url, polling, dispatcher,
                listeners, AllowedUpdateTypes.of(polling.getAllowedUpdates(), identity.id(), handler, scenes, flows));
        intake.setBotName(identity.name());
        return intake;
    }

    /**
     * Creates a further bot's webhook, with the shared settings of {@code tgfsm.bot.webhook} and the
     * bot's own path, secret token and URL.
     *
     * @param identity the bot
     * @param path the path of its endpoint
     * @param secretToken its secret token, or {@code null}
     * @param url its public URL, or {@code null} to register the webhook yourself
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
            @Nullable String url, TelegramClient client, WebhookProperties properties, UpdateDispatcher dispatcher,
            List<UpdateIntakeListener> listeners, ObjectProvider<UpdateHandler> handler,
            ObjectProvider<SceneNavigator> scenes, ObjectProvider<FlowEngine> flows) {
        WebhookRegistration registration = null;
        if (url != null && !url.isBlank()) {
            registration = WebhookFactory.registration(client, url, secretToken, properties, identity.id(), handler,
                    scenes, flows);
            registration.setBotName(identity.name());
        }
        return new BotWebhook(path, WebhookFactory.intake(dispatcher, secretToken, properties, listeners), dispatcher,
                registration);
    }

    /**
     * Returns the further bots.
     *
     * @return the members
     */
    public List<Member> members() {
        return members;
    }

    /**
     * Returns the further bots' long polling and webhook registrations, for health.
     *
     * @return the intakes
     */
    public List<BotIntake> intakes() {
        List<BotIntake> intakes = new ArrayList<>();
        for (Member member : members) {
            if (member.intake() instanceof BotIntake intake) {
                intakes.add(intake);
            }
            else if (member.intake() instanceof BotWebhook webhook && webhook.registration() != null) {
                intakes.add(webhook.registration());
            }
        }
        return intakes;
    }

    /**
     * Returns the further bots' webhooks, empty when they use long polling.
     *
     * @return the webhooks
     */
    public List<BotWebhook> webhooks() {
        return members.stream().map(Member::intake).filter(BotWebhook.class::isInstance).map(BotWebhook.class::cast)
                .toList();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        usernames.start();
        for (int i = 0; i < members.size(); i++) {
            timeouts.get(i).start();
            members.get(i).intake().start();
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        for (int i = 0; i < members.size(); i++) {
            members.get(i).intake().stop();
            timeouts.get(i).stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return LongPollingIntake.PHASE;
    }
}
