package dev.tgfsm.telegram;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.WebhookProperties;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.scene.SceneNavigator;

/**
 * Builds a bot's {@link WebhookIntake} and {@link WebhookRegistration} from the shared settings of
 * {@code tgfsm.bot.webhook} and the bot's own secret and URL, checking the settings with clear errors;
 * used for the bot of {@code tgfsm.bot} and for each bot of {@code tgfsm.bots}.
 */
final class WebhookFactory {

    private WebhookFactory() {
    }

    static WebhookIntake intake(UpdateDispatcher dispatcher, @Nullable String secretToken, WebhookProperties properties,
            List<UpdateIntakeListener> listeners) {
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

    static WebhookRegistration registration(TelegramClient client, String url, @Nullable String secretToken,
            WebhookProperties properties, @Nullable Long bot, ObjectProvider<UpdateHandler> handler,
            ObjectProvider<SceneNavigator> scenes, ObjectProvider<FlowEngine> flows) {
        int connections = properties.getMaxConnections();
        if (connections < 1 || connections > 100) {
            throw new FsmConfigurationException("tgfsm.bot.webhook.max-connections must be 1 to 100, was "
                    + connections + ".", "Set tgfsm.bot.webhook.max-connections to at most 100 (Telegram's limit).");
        }
        WebhookRegistration registration = new WebhookRegistration(client, url.trim(), secretToken, connections,
                properties.isDropPendingUpdates());
        registration.setAllowedUpdates(AllowedUpdateTypes.of(properties.getAllowedUpdates(), bot, handler, scenes, flows));
        return registration;
    }
}
