package dev.tgfsm.telegram;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.lifecycle.PhasedLifecycle;

/**
 * A further bot's webhook ({@code tgfsm.bots[*].webhook}, when {@code tgfsm.bot.webhook.enabled=true}):
 * its own {@link WebhookIntake} at its own path with its own secret token, feeding its own update
 * dispatcher, and, when it has a public URL, its own {@link WebhookRegistration} through its own
 * client. Starting starts the registration; stopping stops it and drains the dispatcher.
 */
public final class BotWebhook extends PhasedLifecycle {

    private final String path;

    private final WebhookIntake intake;

    private final UpdateDispatcher dispatcher;

    private final @Nullable WebhookRegistration registration;

    /**
     * Creates the webhook.
     *
     * @param path the path of its endpoint
     * @param intake takes the requests posted to the path
     * @param dispatcher the bot's own dispatcher, which the intake feeds
     * @param registration calls {@code setWebhook} for the bot, or {@code null} when it has no URL
     */
    public BotWebhook(String path, WebhookIntake intake, UpdateDispatcher dispatcher,
            @Nullable WebhookRegistration registration) {
        super(WebhookRegistration.PHASE);
        this.path = Objects.requireNonNull(path, "path must not be null");
        this.intake = Objects.requireNonNull(intake, "intake must not be null");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        this.registration = registration;
    }

    /**
     * Returns the path of the endpoint.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * Returns the intake that takes the requests posted to the path.
     *
     * @return the intake
     */
    public WebhookIntake intake() {
        return intake;
    }

    /**
     * Returns the dispatcher this intake feeds.
     *
     * @return the bot's dispatcher
     */
    public UpdateDispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Returns the registration, if the bot has a public URL.
     *
     * @return the registration, or {@code null}
     */
    public @Nullable WebhookRegistration registration() {
        return registration;
    }

    @Override
    protected void onStart() {
        if (registration != null) {
            registration.start();
        }
    }

    @Override
    protected void onStop() {
        if (registration != null) {
            registration.stop();
        }
        dispatcher.shutdown();
    }
}
