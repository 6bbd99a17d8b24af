package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.api.objects.ChatJoinRequest;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated;
import org.telegram.telegrambots.meta.api.objects.payments.PreCheckoutQuery;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.routing.ChatType;
import dev.tgfsm.routing.ContentType;
import dev.tgfsm.routing.Route;
import dev.tgfsm.routing.UpdateKind;

/**
 * Mistakes in mapping update kinds fail the start-up naming the method: a payload parameter of
 * another kind than the route's, a content filter on a route without messages, a chat-type filter on
 * a kind without a chat. A controller-level {@link InChat} and {@link PerMessage} reach every route.
 */
class UpdateKindStartupTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class);

    private void assertStartupFails(Class<?> component, String... messageParts) {
        runner.withUserConfiguration(component).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof FsmConfigurationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).as("a FsmConfigurationException in " + context.getStartupFailure()).isNotNull();
            for (String part : messageParts) {
                assertThat(failure.getMessage()).contains(part);
            }
        });
    }

    @BotController
    static class PayloadOfAnotherKind {
        @OnMessage
        public void handle(ChatJoinRequest request) {
        }
    }

    @Test
    void aPayloadOfAnotherKindThanTheRoutesNamesTheKindToMapTheMethodWith() {
        assertStartupFails(PayloadOfAnotherKind.class, "PayloadOfAnotherKind.handle(ChatJoinRequest)",
                "is the payload of [CHAT_JOIN_REQUEST] updates, but the route is for MESSAGE",
                "@OnUpdate(kind = CHAT_JOIN_REQUEST)");
    }

    @BotController
    static class ContentOnCallbacks {
        @OnCallback(prefix = "x:")
        @Content(ContentType.PHOTO)
        public void handle() {
        }
    }

    @Test
    void aContentFilterOnACallbackRouteFails() {
        assertStartupFails(ContentOnCallbacks.class, "ContentOnCallbacks.handle()", "content types filter only kinds");
    }

    @BotController
    static class ChatTypeWithoutChat {
        @OnUpdate(kind = UpdateKind.PRE_CHECKOUT_QUERY)
        @InChat(ChatType.PRIVATE)
        public void handle(PreCheckoutQuery query) {
        }
    }

    @Test
    void aChatTypeFilterOnAKindWithoutAChatFails() {
        assertStartupFails(ChatTypeWithoutChat.class, "ChatTypeWithoutChat.handle(PreCheckoutQuery)", "have no chat");
    }

    @BotController
    @InChat(ChatType.SUPERGROUP)
    @PerMessage
    static class GroupMenus {
        @OnCallback(prefix = "menu:")
        public void menu() {
        }

        @OnUpdate(kind = UpdateKind.CHAT_MEMBER)
        @InChat(ChatType.CHANNEL)
        public void member(ChatMemberUpdated change) {
        }
    }

    @Test
    void classLevelChatTypeAndPerMessageReachEveryRouteUnlessTheMethodSaysOtherwise() {
        runner.withUserConfiguration(GroupMenus.class).run(context -> {
            assertThat(context).hasNotFailed();
            var routes = context.getBean(AnnotationRoutingHandler.class).router().routes();
            assertThat(routes).extracting(Route::toString).containsExactly(
                    "GroupMenus.menu [CALLBACK_QUERY, any state, data starts with 'menu:', chat [SUPERGROUP], per message]",
                    "GroupMenus.member [CHAT_MEMBER, any state, chat [CHANNEL], per message]");
        });
    }
}
