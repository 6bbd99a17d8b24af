package dev.tgfsm.telegram;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.lifecycle.PhasedLifecycle;

/**
 * A further bot's webhook ({@code tgfsm.bots[*].webhook}, when {@code tgfsm.bot.webhook.enabled=true}):
 * its own {@link WebhookIntake} at its own path with its own secret token, feeding its own update
 * dispatcher, and, when it has a public URL, its own registration ({@code setWebhook}) through its own
 * client. Starting starts the registration; stopping stops it and drains the dispatcher. The starter
 * makes one per bot ({@link WebhookRegistration#webhook}).
 */
public final class BotWebhook implements SmartLifecycle {

    private final String path;

    private final WebhookIntake intake;

    private final UpdateDispatcher dispatcher;

    private final @Nullable WebhookRegistration registration;

    /** Starts and stops once each, in the registration's phase. */
    private final PhasedLifecycle lifecycle = new PhasedLifecycle(WebhookRegistration.PHASE) {

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
    };

    /** {@link WebhookRegistration#webhook}. */
    BotWebhook(String path, WebhookIntake intake, UpdateDispatcher dispatcher,
            @Nullable WebhookRegistration registration) {
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

    /** The registration, or {@code null} when the bot has no public URL. */
    @Nullable
    WebhookRegistration registration() {
        return registration;
    }

    /**
     * Starts the registration, unless running already.
     */
    @Override
    public void start() {
        lifecycle.start();
    }

    /**
     * Stops the registration and drains the dispatcher, if running.
     */
    @Override
    public void stop() {
        lifecycle.stop();
    }

    @Override
    public boolean isRunning() {
        return lifecycle.isRunning();
    }

    @Override
    public int getPhase() {
        return lifecycle.getPhase();
    }
}
