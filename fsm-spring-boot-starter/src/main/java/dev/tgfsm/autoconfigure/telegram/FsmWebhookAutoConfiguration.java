package dev.tgfsm.autoconfigure.telegram;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.BotProperties;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.TelegramIntakes;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.telegram.BotFleet;
import dev.tgfsm.telegram.BotWebhook;
import dev.tgfsm.telegram.UpdateIntakeListener;
import dev.tgfsm.telegram.WebhookIntake;
import dev.tgfsm.telegram.WebhookRegistration;

/**
 * Auto-configuration of the webhook intake ({@code tgfsm.bot.webhook.enabled=true} in a servlet web
 * application): a {@link WebhookIntake} behind a Spring MVC route at {@code tgfsm.bot.webhook.path},
 * and, when {@code tgfsm.bot.webhook.url} is set and a {@link TelegramClient} exists, the
 * {@link WebhookRegistration} that calls {@code setWebhook} at start-up; and the routes of the
 * further bots' webhooks ({@link BotWebhook}, built with the {@link BotFleet}). Request bodies are read with
 * tgfsm's own Jackson 2 mapper, never the application's message converters.
 */
@AutoConfiguration(after = FsmAutoConfiguration.class)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty("tgfsm.bot.webhook.enabled")
@ConditionalOnBean(UpdateDispatcher.class)
@EnableConfigurationProperties(BotProperties.class)
public final class FsmWebhookAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WebhookIntake fsmWebhookIntake(UpdateDispatcher dispatcher, BotProperties bot,
            ObjectProvider<UpdateIntakeListener> listeners) {
        BotProperties.Webhook properties = bot.getWebhook();
        String path = properties.getPath();
        if (path == null || !path.startsWith("/")) {
            throw new FsmConfigurationException("tgfsm.bot.webhook.path '" + path + "' is not a path.",
                    "Set tgfsm.bot.webhook.path to a path starting with /, for example /telegram/webhook.");
        }
        return TelegramIntakes.intake(dispatcher, properties.getSecretToken(), properties,
                listeners.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean(name = "fsmWebhookRoute")
    RouterFunction<ServerResponse> fsmWebhookRoute(WebhookIntake intake, BotProperties bot) {
        return RouterFunctions.route().POST(bot.getWebhook().getPath(), request -> answer(intake, request)).build();
    }

    /**
     * The routes of the further bots' webhooks ({@code tgfsm.bots[*].webhook.path}), each to that bot's
     * own intake; routes nothing when there are none.
     */
    @Bean
    @ConditionalOnMissingBean(name = "fsmBotsWebhookRoute")
    RouterFunction<ServerResponse> fsmBotsWebhookRoute(ObjectProvider<BotFleet> fleet) {
        List<BotWebhook> webhooks = fleet.stream().flatMap(bots -> bots.webhooks().stream()).toList();
        if (webhooks.isEmpty()) {
            return request -> Optional.empty();
        }
        RouterFunctions.Builder routes = RouterFunctions.route();
        webhooks.forEach(webhook -> routes.POST(webhook.path(), request -> answer(webhook.intake(), request)));
        return routes.build();
    }

    private static ServerResponse answer(WebhookIntake intake, ServerRequest request) throws IOException {
        WebhookIntake.Answer answer = intake.handle(request.headers().firstHeader(WebhookIntake.SECRET_HEADER),
                request.servletRequest().getInputStream());
        ServerResponse.BodyBuilder response = ServerResponse.status(answer.status()).contentType(MediaType.TEXT_PLAIN);
        if (answer.retryAfter() != null) {
            response.header("Retry-After", String.valueOf(answer.retryAfter().toSeconds()));
        }
        return response.body(answer.body());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("tgfsm.bot.webhook.url")
    @ConditionalOnBean(TelegramClient.class)
    WebhookRegistration fsmWebhookRegistration(TelegramClient client, BotProperties botProperties,
            ObjectProvider<UpdateDispatcher> dispatcher, ObjectProvider<UpdateHandler> handler,
            ObjectProvider<SceneNavigator> scenes, ObjectProvider<FlowEngine> flows) {
        BotProperties.Webhook properties = botProperties.getWebhook();
        UpdateDispatcher bot = dispatcher.getIfUnique();
        return TelegramIntakes.registration(client, properties.getUrl(), properties.getSecretToken(),
                properties.isDropPendingUpdates(), properties,
                bot == null ? null : bot.botId(), handler, scenes, flows);
    }
}
