package dev.tgfsm.routing;

import static dev.tgfsm.testing.EventJson.chat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.MessageKeying;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.EventJson;

/**
 * Per-message keying: the callbacks of two menus in one chat, and of inline-mode messages that have
 * no chat, each keep a conversation (state and data) of their own when their route or the rule says
 * so; without it they share the chat's conversation.
 */
class PerMessageKeyingTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String GROUP = chat(-1001, "supergroup");

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private UpdateDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    /** Counts the presses of the conversation and tells the key's message scope. */
    private Route counter(RouteBuilder builder) {
        return builder.handle((u, m) -> {
            int presses = u.context().getData().get("presses") instanceof Integer n ? n + 1 : 1;
            u.context().updateData(java.util.Map.of("presses", presses));
            calls.add(m.callbackData() + " " + presses + " @" + u.key().messageScope());
        });
    }

    private void start(Router router, MessageKeying keying) {
        FsmContexts contexts = FsmTransactions.contexts(new InMemoryFsmStorage(StorageConfig.ofDefaults()),
                new JacksonFsmCodec(),
                ContextConfig.ofDefaults(), null);
        dispatcher = new UpdateDispatcher(9L, KeyStrategy.USER_IN_CHAT, contexts, router,
                DispatcherConfig.ofDefaults().withThreads(1).withPersistedUpdates(0), null);
        dispatcher.setMessageKeying(keying);
    }

    private void send(String json) throws Exception {
        dispatcher.submit(JSON.readValue(json, Update.class)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void twoMenusInOneChatKeepTheirOwnConversationWhenTheRouteIsPerMessage() throws Exception {
        Router router = Router.builder().route(counter(Route.callback().dataPrefix("menu:").perMessage()))
                .route(counter(Route.callback().dataPrefix("shared:"))).build();
        start(router, router);
        send(EventJson.callback("1", GROUP, 5, 100, "menu:a"));
        send(EventJson.callback("2", GROUP, 5, 200, "menu:b"));
        send(EventJson.callback("3", GROUP, 5, 100, "menu:c"));
        send(EventJson.callback("4", GROUP, 5, 100, "shared:x"));
        send(EventJson.callback("5", GROUP, 5, 200, "shared:y"));
        assertThat(calls).containsExactly("menu:a 1 @100", "menu:b 1 @200", "menu:c 2 @100", "shared:x 1 @null",
                "shared:y 2 @null");
    }

    @Test
    void inlineModeCallbacksHaveNoChatYetEachInlineMessageKeepsItsOwnConversation() throws Exception {
        Router router = Router.builder().route(counter(Route.callback())).build();
        start(router, MessageKeying.inlineMessages());
        send(EventJson.inlineCallback("1", 5, "AAA", "vote"));
        send(EventJson.inlineCallback("2", 5, "BBB", "vote"));
        send(EventJson.inlineCallback("3", 5, "AAA", "vote"));
        send(EventJson.callback("4", chat(5, "private"), 5, 7, "vote"));
        assertThat(calls).containsExactly("vote 1 @inline:AAA", "vote 1 @inline:BBB", "vote 2 @inline:AAA",
                "vote 1 @null");
    }

    @Test
    void withoutPerMessageKeyingEveryMenuOfTheChatSharesTheUsersConversation() throws Exception {
        Router router = Router.builder().route(counter(Route.callback().dataPrefix("menu:"))).build();
        start(router, router);
        send(EventJson.callback("1", GROUP, 5, 100, "menu:a"));
        send(EventJson.callback("2", GROUP, 5, 200, "menu:b"));
        assertThat(calls).containsExactly("menu:a 1 @null", "menu:b 2 @null");
    }

    @Test
    void theRuleForEveryMessageKeysEveryCallbackByItsMessage() throws Exception {
        Router router = Router.builder().route(counter(Route.callback())).build();
        start(router, MessageKeying.everyMessage());
        send(EventJson.callback("1", GROUP, 5, 100, "a"));
        send(EventJson.callback("2", GROUP, 5, 200, "b"));
        send(EventJson.callback("3", GROUP, 6, 100, "c"));
        assertThat(calls).containsExactly("a 1 @100", "b 1 @200", "c 1 @100");
    }
}
