package dev.tgfsm.telegram;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.lifecycle.PhasedLifecycle;

/**
 * Registers the webhook with Telegram ({@code setWebhook}) when the application starts: the URL,
 * the secret token, the most connections, the allowed update kinds, and whether pending updates are
 * dropped (never, unless configured). A Bot API that cannot be reached does not stop the
 * application: the call is retried in the background with a back-off from 1 s doubling to 60 s (each
 * pause drawn between half and all of the step) until it succeeds or the application stops, and
 * {@link #intakeStatus()} (the {@code fsmIntake} health indicator) reports why meanwhile.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class WebhookRegistration extends PhasedLifecycle implements BotIntake {

    /** The phase: started after the dispatcher can take updates. */
    public static final int PHASE = LongPollingLifecycle.PHASE;

    /**
     * Makes a further bot's webhook.
     *
     * @param path the path of its endpoint
     * @param intake takes the requests posted to the path
     * @param dispatcher the bot's own dispatcher, which the intake feeds
     * @param registration calls {@code setWebhook} for the bot, or {@code null} when it has no URL
     * @return the webhook, not started
     */
    public static BotWebhook webhook(String path, WebhookIntake intake, UpdateDispatcher dispatcher,
            @Nullable WebhookRegistration registration) {
        return new BotWebhook(path, intake, dispatcher, registration);
    }

    private static final Logger log = LoggerFactory.getLogger(WebhookRegistration.class);

    private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);

    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(60);

    private final TelegramClient client;

    private final SetWebhook request;

    private Supplier<List<String>> allowedUpdates = () -> null;

    private volatile CountDownLatch stopping = new CountDownLatch(0);

    private volatile boolean registered;

    private volatile IntakeStatus status = IntakeStatus.starting(IntakeStatus.DEFAULT_BOT);

    /**
     * Creates the registration.
     *
     * @param client the Bot API client
     * @param url the public URL of the endpoint
     * @param secretToken the secret token, or {@code null}
     * @param maxConnections the most connections Telegram opens at once
     * @param dropPendingUpdates whether Telegram drops the updates it holds
     */
    public WebhookRegistration(TelegramClient client, String url, @Nullable String secretToken, int maxConnections,
            boolean dropPendingUpdates) {
        super(PHASE);
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.request = SetWebhook.builder().url(Objects.requireNonNull(url, "url must not be null"))
                .secretToken(secretToken == null || secretToken.isEmpty() ? null : secretToken)
                .maxConnections(maxConnections).dropPendingUpdates(dropPendingUpdates).build();
    }

    /**
     * Sets the update kinds Telegram sends ({@code allowed_updates}), read when the application starts
     * (once its handlers are known).
     *
     * @param allowedUpdates supplies the kinds; {@code null} or empty to send none (Telegram then keeps
     *        its previous setting)
     */
    public void setAllowedUpdates(Supplier<List<String>> allowedUpdates) {
        this.allowedUpdates = Objects.requireNonNull(allowedUpdates, "allowedUpdates must not be null");
    }

    /**
     * Names the bot this registration serves, for its status.
     *
     * @param bot the bot's name
     */
    public void setBotName(String bot) {
        this.status = IntakeStatus.starting(Objects.requireNonNull(bot, "bot must not be null"));
    }

    @Override
    public IntakeStatus intakeStatus() {
        return status;
    }

    /**
     * Tells whether Telegram accepted the webhook.
     *
     * @return {@code true} once {@code setWebhook} succeeded
     */
    public boolean isRegistered() {
        return registered;
    }

    @Override
    protected void onStart() {
        List<String> kinds = allowedUpdates.get();
        request.setAllowedUpdates(kinds == null || kinds.isEmpty() ? null : List.copyOf(kinds));
        CountDownLatch stop = new CountDownLatch(1);
        stopping = stop;
        Thread thread = new Thread(() -> register(stop), "tgfsm-webhook-registration");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void onStop() {
        stopping.countDown();
    }

    private void register(CountDownLatch stop) {
        BackOff backOff = new BackOff(FIRST_BACK_OFF, MAX_BACK_OFF);
        while (stop.getCount() > 0) {
            String reason;
            try {
                if (Boolean.TRUE.equals(client.execute(request))) {
                    registered = true;
                    status = status.up();
                    log.info("Webhook of bot '{}' registered (max {} connections)", status.bot(),
                            request.getMaxConnections());
                    return;
                }
                reason = "Telegram did not accept the webhook";
            }
            catch (TelegramApiException | RuntimeException ex) {
                reason = "setWebhook failed: " + ex.getMessage();
            }
            Duration pause = backOff.next();
            status = status.retrying(reason);
            log.warn("Could not register the webhook of bot '{}' ({}); retrying in {} ms", status.bot(), reason,
                    pause.toMillis());
            try {
                if (stop.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
