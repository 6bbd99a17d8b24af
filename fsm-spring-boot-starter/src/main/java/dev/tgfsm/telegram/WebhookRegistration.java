package dev.tgfsm.telegram;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.PhasedLifecycle;

/**
 * Registers the webhook with Telegram ({@code setWebhook}) when the application starts: the URL,
 * the secret token, the most connections, the allowed update kinds, and whether pending updates are
 * dropped (never, unless configured). A Bot API that cannot be reached does not stop the
 * application: the call is retried in the background with a back-off from 1 s doubling to 60 s
 * until it succeeds or the application stops.
 */
public final class WebhookRegistration extends PhasedLifecycle {

    /** The phase: started after the dispatcher can take updates. */
    public static final int PHASE = LongPollingLifecycle.PHASE;

    private static final Logger log = LoggerFactory.getLogger(WebhookRegistration.class);

    private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);

    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(60);

    private final TelegramClient client;

    private final SetWebhook request;

    private volatile CountDownLatch stopping = new CountDownLatch(0);

    private volatile boolean registered;

    /**
     * Creates the registration.
     *
     * @param client the Bot API client
     * @param url the public URL of the endpoint
     * @param secretToken the secret token, or {@code null}
     * @param maxConnections the most connections Telegram opens at once
     * @param allowedUpdates the update kinds to receive, empty for Telegram's default
     * @param dropPendingUpdates whether Telegram drops the updates it holds
     */
    public WebhookRegistration(TelegramClient client, String url, @Nullable String secretToken, int maxConnections,
            List<String> allowedUpdates, boolean dropPendingUpdates) {
        super(PHASE);
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.request = SetWebhook.builder().url(Objects.requireNonNull(url, "url must not be null"))
                .secretToken(secretToken == null || secretToken.isEmpty() ? null : secretToken)
                .maxConnections(maxConnections).dropPendingUpdates(dropPendingUpdates).build();
        if (allowedUpdates != null && !allowedUpdates.isEmpty()) {
            request.setAllowedUpdates(List.copyOf(allowedUpdates));
        }
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
        Duration backOff = FIRST_BACK_OFF;
        while (stop.getCount() > 0) {
            try {
                if (Boolean.TRUE.equals(client.execute(request))) {
                    registered = true;
                    log.info("Webhook registered (max {} connections)", request.getMaxConnections());
                    return;
                }
                log.warn("Telegram did not accept the webhook; retrying in {} s", backOff.toSeconds());
            }
            catch (TelegramApiException | RuntimeException ex) {
                log.warn("Could not register the webhook ({}); retrying in {} s", ex.getMessage(), backOff.toSeconds());
            }
            try {
                if (stop.await(backOff.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            Duration doubled = backOff.multipliedBy(2);
            backOff = doubled.compareTo(MAX_BACK_OFF) < 0 ? doubled : MAX_BACK_OFF;
        }
    }
}
