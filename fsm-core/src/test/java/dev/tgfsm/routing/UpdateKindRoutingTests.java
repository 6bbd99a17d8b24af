package dev.tgfsm.routing;

import static dev.tgfsm.testing.EventJson.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.EventJson;

/**
 * Every update kind reaches the route of its kind with its typed payload, in the conversation its
 * identity names; content-type and chat-type filters narrow routes; filters that cannot fit a kind
 * fail when the route is built; a kind no route handles is dropped without the fallback.
 */
class UpdateKindRoutingTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final long BOT = 9L;

    private static final long GROUP = -1001L;

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private UpdateDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private void start(Route... routes) {
        Router.Builder builder = Router.builder().fallback((u, m) -> calls.add("fallback"));
        for (Route route : routes) {
            builder.route(route);
        }
        FsmContexts contexts = FsmTransactions.contexts(new InMemoryFsmStorage(StorageConfig.ofDefaults()),
                new JacksonFsmCodec(),
                ContextConfig.ofDefaults(), null);
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, builder.build(),
                DispatcherConfig.ofDefaults().withThreads(1).withPersistedUpdates(0), null);
    }

    private void send(String json) throws Exception {
        dispatcher.submit(JSON.readValue(json, Update.class)).get(5, TimeUnit.SECONDS);
    }

    private <T> Route on(UpdateEvent<T> event, java.util.function.Function<T, String> describe) {
        return Route.on(event.kind()).handle(event,
                (payload, update) -> calls.add(event.kind() + " " + describe.apply(payload)
                        + " @" + where(update)));
    }

    private static String where(UpdateContext update) {
        return update.key().chatId() + "/" + update.key().userId();
    }

    @Test
    void eachKindReachesItsRouteWithItsPayloadInTheConversationItsIdentityNames() throws Exception {
        start(on(UpdateEvent.CHAT_MEMBER, m -> m.getNewChatMember().getStatus()),
                on(UpdateEvent.MY_CHAT_MEMBER, m -> m.getChat().getType()),
                on(UpdateEvent.CHAT_JOIN_REQUEST, r -> String.valueOf(r.getUser().getId())),
                on(UpdateEvent.PRE_CHECKOUT_QUERY, q -> q.getInvoicePayload()),
                on(UpdateEvent.SHIPPING_QUERY, q -> q.getShippingAddress().getCity()),
                on(UpdateEvent.SUCCESSFUL_PAYMENT, p -> p.getTotalAmount().toString()),
                on(UpdateEvent.POLL_ANSWER, a -> a.getOptionIds().toString()),
                on(UpdateEvent.MESSAGE_REACTION, r -> String.valueOf(r.getMessageId())),
                on(UpdateEvent.MESSAGE_REACTION_COUNT, r -> String.valueOf(r.getReactions().size())),
                on(UpdateEvent.CHANNEL_POST, p -> p.getText()),
                on(UpdateEvent.BUSINESS_MESSAGE, m -> m.getText()),
                on(UpdateEvent.BUSINESS_CONNECTION, c -> c.getId()),
                on(UpdateEvent.INLINE_QUERY, q -> q.getQuery()),
                on(UpdateEvent.CHOSEN_INLINE_RESULT, r -> r.getResultId()));
        send(EventJson.chatMember("chat_member", GROUP, 5));
        send(EventJson.chatMember("my_chat_member", GROUP, 5));
        send(EventJson.joinRequest(GROUP, 6));
        send(EventJson.preCheckout("q1", 7, "order-1"));
        send(EventJson.shippingQuery("s1", 7));
        send(EventJson.message("message", chat(7, "private"), 7, EventJson.successfulPayment("order-1")));
        send(EventJson.pollAnswer("p1", 8, 2));
        send(EventJson.reaction(chat(GROUP, "supergroup"), 5, 44, "x"));
        send(EventJson.reactionCount(-2002, 45));
        send(EventJson.message("channel_post", chat(-2002, "channel"), 0, "\"text\":\"news\""));
        send(EventJson.message("business_message", chat(11, "private"), 11, "\"text\":\"hello shop\""));
        send(EventJson.businessConnection("bc1", 12));
        send(EventJson.inlineQuery("i1", 13, "cats", "sender"));
        send(EventJson.chosenInlineResult("r1", 13, "im1"));
        assertThat(calls).containsExactly("CHAT_MEMBER member @-1001/5", "MY_CHAT_MEMBER supergroup @-1001/5",
                "CHAT_JOIN_REQUEST 6 @-1001/6", "PRE_CHECKOUT_QUERY order-1 @7/7", "SHIPPING_QUERY Berlin @7/7",
                "SUCCESSFUL_PAYMENT 500 @7/7", "POLL_ANSWER [2] @8/8", "MESSAGE_REACTION 44 @-1001/5",
                "MESSAGE_REACTION_COUNT 1 @-2002/-2002", "CHANNEL_POST news @-2002/-2002",
                "BUSINESS_MESSAGE hello shop @11/11", "BUSINESS_CONNECTION bc1 @12/12", "INLINE_QUERY cats @13/13",
                "CHOSEN_INLINE_RESULT r1 @13/13");
    }

    @Test
    void contentTypeFiltersSendPhotosContactsAndTextToSeparateRoutes() throws Exception {
        start(Route.on(UpdateKind.MESSAGE).content(ContentType.PHOTO).handle((u, m) -> calls.add("photo")),
                Route.on(UpdateKind.MESSAGE).content(ContentType.CONTACT, ContentType.LOCATION)
                        .handle((u, m) -> calls.add("contact or location")),
                Route.on(UpdateKind.MESSAGE).content(ContentType.TEXT).handle((u, m) -> calls.add("text " + m.text())));
        String me = chat(3, "private");
        send(EventJson.message("message", me, 3,
                "\"photo\":[{\"file_id\":\"f\",\"file_unique_id\":\"u\",\"width\":1,\"height\":1}]"));
        send(EventJson.message("message", me, 3, "\"contact\":{\"phone_number\":\"+49\",\"first_name\":\"A\"}"));
        send(EventJson.message("message", me, 3, "\"location\":{\"latitude\":1.0,\"longitude\":2.0}"));
        send(EventJson.message("message", me, 3, "\"text\":\"hi\""));
        send(EventJson.message("message", me, 3,
                "\"sticker\":{\"file_id\":\"s\",\"file_unique_id\":\"s\",\"type\":\"regular\","
                        + "\"width\":1,\"height\":1,\"is_animated\":false,\"is_video\":false}"));
        assertThat(calls).containsExactly("photo", "contact or location", "contact or location", "text hi", "fallback");
    }

    @Test
    void chatTypeFiltersTellPrivateChatsFromGroupsAndInlineQueriesByTheirChatType() throws Exception {
        start(Route.on(UpdateKind.MESSAGE).chatType(ChatType.PRIVATE)
                .handle((u, m) -> calls.add("private " + m.text())),
                Route.on(UpdateKind.MESSAGE).chatType(ChatType.GROUP, ChatType.SUPERGROUP)
                        .handle((u, m) -> calls.add("group " + m.text())),
                Route.on(UpdateKind.INLINE_QUERY).chatType(ChatType.PRIVATE)
                        .handle((u, m) -> calls.add("inline " + m.text())));
        send(EventJson.message("message", chat(3, "private"), 3, "\"text\":\"a\""));
        send(EventJson.message("message", chat(GROUP, "supergroup"), 3, "\"text\":\"b\""));
        send(EventJson.message("message", chat(-5, "group"), 3, "\"text\":\"c\""));
        send(EventJson.inlineQuery("i1", 3, "d", "sender"));
        send(EventJson.inlineQuery("i2", 3, "e", "group"));
        assertThat(calls).containsExactly("private a", "group b", "group c", "inline d");
    }

    @Test
    void aKindNoRouteHandlesIsDroppedWithoutTheFallback() throws Exception {
        start(on(UpdateEvent.CHAT_MEMBER, m -> "x"));
        send(EventJson.chatBoost(-2002));
        send(EventJson.pollAnswer("p1", 8, 0));
        assertThat(calls).isEmpty();
    }

    @Test
    void filtersThatCannotFitTheKindFailWhenTheRouteIsBuilt() {
        assertThatThrownBy(() -> Route.callback().content(ContentType.PHOTO).handle((u, m) -> {}))
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("content types filter only kinds");
        assertThatThrownBy(
                () -> Route.on(UpdateKind.PRE_CHECKOUT_QUERY).chatType(ChatType.PRIVATE).handle((u, m) -> {}))
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("have no chat");
        assertThatThrownBy(() -> Route.on(UpdateKind.CHAT_MEMBER).handle(UpdateEvent.MY_CHAT_MEMBER, (e, u) -> {}))
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("use UpdateEvent.CHAT_MEMBER");
    }

    @Test
    void everyKindButAnyHasABotApiNameAndEveryEventItsKind() {
        for (UpdateKind kind : UpdateKind.values()) {
            assertThat(kind.apiName() == null).as(kind.name()).isEqualTo(kind == UpdateKind.ANY);
            if (kind != UpdateKind.ANY && kind != UpdateKind.ALBUM) {
                assertThat(UpdateEvent.of(kind)).as(kind.name()).isNotNull();
            }
        }
    }
}
