package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.tgfsm.autoconfigure.BotApiUpdateType;
import dev.tgfsm.autoconfigure.BotProperties;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.Accepts;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.routing.Route;
import dev.tgfsm.routing.Router;
import dev.tgfsm.routing.UpdateKind;
import dev.tgfsm.scene.Scene;

/**
 * Which update kinds are asked for, derived from the routes, scenes and flows.
 */
class AllowedUpdateTypesTests {

    private static final UpdateHandler NOTHING = (u) -> {
    };

    @Test
    void routesGiveTheirKindsInTheBotApisOrder() {
        Router router = Router.builder().route(Route.callback().handle((u, m) -> {
        })).route(Route.on(UpdateKind.INLINE_QUERY).handle((u, m) -> {
        })).build();
        assertThat(AllowedUpdateTypes.resolve(null, router, null, List.of(), false))
                .containsExactly("inline_query", "callback_query");
    }

    @Test
    void aFallbackAnswersMessagesAndCallbackQueries() {
        Router router = Router.builder().route(Route.on(UpdateKind.EDITED_MESSAGE).handle((u, m) -> {
        })).fallback((u, m) -> {
        }).build();
        assertThat(AllowedUpdateTypes.resolve(List.of(), router, null, List.of(), false))
                .containsExactly("message", "edited_message", "callback_query");
    }

    @Test
    void aFlowStepTakingPollVotesAddsPollAnswersInTheBotApisOrder() {
        Flow vote = Flow.builder("vote").askFor("pick", "Vote above.", "pick", Accepts.pollAnswer(), null).build();
        Flow text = Flow.builder("text").ask("name", "Name?", "name", null, null).build();
        assertThat(AllowedUpdateTypes.withFlowAnswers(List.of("message", "callback_query"), List.of(text, vote)))
                .containsExactly("message", "callback_query", "poll_answer");
        assertThat(AllowedUpdateTypes.withFlowAnswers(List.of("message", "callback_query"), List.of(text)))
                .containsExactly("message", "callback_query");
    }

    @Test
    void flowsAndScenesNeedMessagesAndCallbackQueriesAndAScenesOwnKinds() {
        Router channel = Router.builder().route(Route.on(UpdateKind.CHANNEL_POST).handle((u, m) -> {
        })).build();
        Router empty = Router.builder().build();
        assertThat(AllowedUpdateTypes.resolve(null, empty, null, List.of(), true))
                .containsExactly("message", "callback_query");
        assertThat(AllowedUpdateTypes.resolve(null, empty, null, List.of(Scene.of("news", channel)), false))
                .containsExactly("message", "channel_post", "callback_query");
    }

    @Test
    void everyKindAsksForItsBotApiNameAndPaymentsAndAlbumsForMessages() {
        for (UpdateKind kind : UpdateKind.values()) {
            if (kind == UpdateKind.ANY) {
                continue;
            }
            Router router = Router.builder().route(Route.on(kind).handle((u, m) -> {
            })).build();
            assertThat(AllowedUpdateTypes.resolve(null, router, null, List.of(), false)).as(kind.name())
                    .containsExactly(kind.apiName());
        }
        assertThat(UpdateKind.SUCCESSFUL_PAYMENT.apiName()).isEqualTo(UpdateKind.ALBUM.apiName()).isEqualTo("message");
        assertThat(UpdateKind.DELETED_BUSINESS_MESSAGES.apiName()).isEqualTo("deleted_business_messages");
    }

    @Test
    void aHandlerThatCannotTellItsKindsOrNothingRoutedMeansEveryKind() {
        assertThat(AllowedUpdateTypes.resolve(null, NOTHING, null, List.of(), false)).isEqualTo(AllowedUpdateTypes.ALL);
        assertThat(
                AllowedUpdateTypes.resolve(null, Router.builder().build(), null, List.of(Scene.of("s", NOTHING)), true))
                .isEqualTo(AllowedUpdateTypes.ALL);
        assertThat(AllowedUpdateTypes.resolve(null, null, null, List.of(), false)).isEqualTo(AllowedUpdateTypes.ALL);
    }

    @Test
    void theConfiguredKindsWinTrimmedAndOnce() {
        assertThat(AllowedUpdateTypes.resolve(List.of(" message", "poll", "message"), NOTHING, null, List.of(), true))
                .containsExactly("message", "poll");
    }

    @Test
    void theConfigurableKindsAreExactlyTheBotApisInItsOrder() {
        assertThat(Arrays.stream(BotApiUpdateType.values()).map(BotApiUpdateType::apiName).toList())
                .isEqualTo(AllowedUpdateTypes.ALL);
    }

    @Test
    void theKindsBindAsTheBotApiSpellsThemOrInAnyCase() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(Map.of(
                "tgfsm.bot.polling.allowed-updates", "message, callback_query,CHAT-MEMBER, Poll_Answer"));
        BotProperties.Polling polling = new Binder(source).bindOrCreate("tgfsm.bot.polling",
                BotProperties.Polling.class);
        assertThat(polling.getAllowedUpdates()).containsExactly(BotApiUpdateType.MESSAGE,
                BotApiUpdateType.CALLBACK_QUERY, BotApiUpdateType.CHAT_MEMBER, BotApiUpdateType.POLL_ANSWER);
    }
}
