package dev.tgfsm.telegram;

import static dev.tgfsm.testing.EventJson.chat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.tgfsm.testing.EventJson;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Every update kind through TelegramBots' long polling against the local Bot API server, routed by
 * {@code @BotController} methods with typed parameters ({@link KindsController}): member updates,
 * join requests (approved with a Bot API call), pre-checkout queries (answered), successful
 * payments, poll answers, inline queries, reactions, channel posts, content-type and chat-type
 * filtered messages; a scene with one handler per kind of answer ({@link UploadScene}); menus and
 * inline messages keyed per message ({@link MenuController}); {@code allowed_updates} derived from
 * all of them; and a kind no route handles, dropped without a word.
 */
class UpdateKindsEndToEndIT {

    private static final String TOKEN = "777017:update-kinds-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final long ANN = 501;

    private static final long GROUP = -100_170;

    private static final long CHANNEL = -100_171;

    private LocalBotApiServer api;

    private ConfigurableApplicationContext application;

    @BeforeEach
    void start() throws Exception {
        api = LocalBotApiServer.start();
        application = new SpringApplicationBuilder(KindsApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "tgfsm.bot.polling.timeout=1s", "tgfsm.dispatcher.shutdown-timeout=5s",
                        "tgfsm.key.per-message=inline-messages")
                .run();
    }

    @AfterEach
    void stop() {
        application.close();
        api.close();
    }

    @Test
    void pollingAsksForEveryKindTheControllersAndScenesRoute() {
        assertThat(api.allowedUpdates(WAIT)).containsExactly("message", "channel_post", "message_reaction",
                "inline_query", "callback_query", "pre_checkout_query", "poll_answer", "my_chat_member", "chat_member",
                "chat_join_request");
    }

    @Test
    void memberJoinAndPaymentUpdatesReachTheirHandlersWithTypedParameters() {
        api.enqueueJson(EventJson.chatMember("chat_member", GROUP, ANN));
        api.awaitText(GROUP, "welcome U501 (member)", WAIT);
        api.enqueueJson(EventJson.chatMember("my_chat_member", GROUP, ANN));
        api.awaitText(GROUP, "added to supergroup by 501", WAIT);
        api.enqueueJson(EventJson.joinRequest(GROUP, 502));
        LocalBotApiServer.Request approve = api.awaitRequests("approveChatJoinRequest", 1, WAIT).get(0);
        assertThat(approve.param("chat_id")).isEqualTo(String.valueOf(GROUP));
        assertThat(approve.param("user_id")).isEqualTo("502");
        api.enqueueJson(EventJson.preCheckout("pcq-1", ANN, "order-7"));
        api.enqueueJson(EventJson.preCheckout("pcq-2", ANN, "sold-out"));
        List<LocalBotApiServer.Request> answers = api.awaitRequests("answerPreCheckoutQuery", 2, WAIT);
        assertThat(answers).extracting(r -> r.param("pre_checkout_query_id") + " " + r.param("ok"))
                .containsExactlyInAnyOrder("pcq-1 true", "pcq-2 false");
        api.enqueueJson(
                EventJson.message("message", chat(ANN, "private"), ANN, EventJson.successfulPayment("order-7")));
        api.awaitText(ANN, "paid 500 XTR for order-7", WAIT);
    }

    @Test
    void pollAnswersInlineQueriesReactionsAndChannelPostsReachTheirHandlersInTheRightConversation() {
        api.enqueueJson(EventJson.pollAnswer("poll-1", ANN, 2));
        api.awaitText(ANN, "voted [2] in chat 501", WAIT);
        api.enqueueJson(EventJson.inlineQuery("iq-1", ANN, "cats", "sender"));
        assertThat(api.awaitRequests("answerInlineQuery", 1, WAIT).get(0).param("inline_query_id")).isEqualTo("iq-1");
        api.enqueueJson(EventJson.reaction(chat(GROUP, "supergroup"), ANN, 44, "\\ud83d\\udc4d"));
        api.awaitText(GROUP, "reaction to 44 by 501", WAIT);
        api.enqueueJson(EventJson.message("channel_post", chat(CHANNEL, "channel"), 0, "\"text\":\"news\""));
        api.awaitText(CHANNEL, "seen post: news", WAIT);
    }

    @Test
    void contentTypeAndChatTypeFiltersPickTheHandler() {
        api.enqueueJson(EventJson.message("message", chat(ANN, "private"), ANN,
                "\"photo\":[{\"file_id\":\"f\",\"file_unique_id\":\"u\",\"width\":1,\"height\":1}]"));
        api.awaitText(ANN, "a photo in private", WAIT);
        api.enqueueJson(EventJson.message("message", chat(ANN, "private"), ANN,
                "\"contact\":{\"phone_number\":\"+4930\",\"first_name\":\"Ann\"}"));
        api.awaitText(ANN, "contact +4930", WAIT);
        api.enqueueJson(EventJson.message("message", chat(GROUP, "supergroup"), ANN, "\"text\":\"hello all\""));
        api.awaitText(GROUP, "group says: hello all", WAIT);
        api.enqueueMessage(ANN, "hello bot");
        api.awaitText(ANN, "private says: hello bot", WAIT);
    }

    @Test
    void aSceneHandlesPhotosContactsAndButtonsWithSeparateHandlers() {
        long bob = 503;
        api.enqueueMessage(bob, "/upload");
        api.awaitText(bob, "Send a photo, a contact, or press Done", WAIT);
        api.enqueueMessage(bob, "some text");
        api.awaitText(bob, "This step takes a photo or a contact", WAIT);
        api.enqueueJson(EventJson.message("message", chat(bob, "private"), bob,
                "\"photo\":[{\"file_id\":\"f\",\"file_unique_id\":\"u\",\"width\":1,\"height\":1}]"));
        api.awaitText(bob, "scene got a photo", WAIT);
        api.enqueueJson(EventJson.message("message", chat(bob, "private"), bob,
                "\"contact\":{\"phone_number\":\"+4940\",\"first_name\":\"Bob\"}"));
        api.awaitText(bob, "scene got contact +4940", WAIT);
        api.enqueueCallback(bob, 9, "done");
        api.awaitText(bob, "scene done after 2 answers", WAIT);
        api.enqueueJson(EventJson.message("message", chat(bob, "private"), bob,
                "\"photo\":[{\"file_id\":\"f\",\"file_unique_id\":\"u\",\"width\":1,\"height\":1}]"));
        api.awaitText(bob, "a photo in private", WAIT);
    }

    @Test
    void twoMenusInAGroupAndTwoInlineMessagesEachKeepTheirOwnCount() {
        String group = chat(GROUP, "supergroup");
        api.enqueueJson(EventJson.callback("c1", group, ANN, 100, "menu:up"));
        api.awaitText(GROUP, "menu 100 count 1", WAIT);
        api.enqueueJson(EventJson.callback("c2", group, ANN, 200, "menu:up"));
        api.awaitText(GROUP, "menu 200 count 1", WAIT);
        api.enqueueJson(EventJson.callback("c3", group, ANN, 100, "menu:up"));
        api.awaitText(GROUP, "menu 100 count 2", WAIT);
        api.enqueueJson(EventJson.inlineCallback("c4", ANN, "inl-A", "vote:yes"));
        api.awaitText(ANN, "votes on inline:inl-A: 1", WAIT);
        api.enqueueJson(EventJson.inlineCallback("c5", ANN, "inl-B", "vote:yes"));
        api.awaitText(ANN, "votes on inline:inl-B: 1", WAIT);
        api.enqueueJson(EventJson.inlineCallback("c6", ANN, "inl-A", "vote:no"));
        api.awaitText(ANN, "votes on inline:inl-A: 2", WAIT);
    }

    @Test
    void resetInTheChatClearsTwoPerMessageMenusThereAndCancelLeavesThem() {
        String group = chat(GROUP, "supergroup");
        long zoe = 503;
        groupReply(() -> api.enqueueJson(EventJson.callback("r1", group, zoe, 300, "menu:up")), "menu 300 count 1");
        groupReply(() -> api.enqueueJson(EventJson.callback("r2", group, zoe, 300, "menu:up")), "menu 300 count 2");
        groupReply(() -> api.enqueueJson(EventJson.callback("r3", group, zoe, 400, "menu:up")), "menu 400 count 1");
        groupReply(() -> api.enqueueMessage(GROUP, zoe, "/cancel"), "Nothing to cancel.");
        groupReply(() -> api.enqueueJson(EventJson.callback("r4", group, zoe, 300, "menu:up")), "menu 300 count 3");
        groupReply(() -> api.enqueueMessage(GROUP, zoe, "/reset"), "Session reset. All data cleared.");
        groupReply(() -> api.enqueueJson(EventJson.callback("r5", group, zoe, 300, "menu:up")), "menu 300 count 1");
        groupReply(() -> api.enqueueJson(EventJson.callback("r6", group, zoe, 400, "menu:up")), "menu 400 count 1");
        groupReply(() -> api.enqueueJson(EventJson.callback("r7", group, zoe, 300, "menu:up")), "menu 300 count 2");
        groupReply(() -> api.enqueueJson(EventJson.callback("r8", group, ANN, 300, "menu:up")), "menu 300 count 1");
    }

    /** Sends an update to the group and checks the one reply it gets there. */
    private void groupReply(Runnable send, String reply) {
        int before = api.texts(GROUP).size();
        int total = api.requests("sendMessage").size();
        send.run();
        api.awaitRequests("sendMessage", total + 1, WAIT);
        List<String> texts = api.texts(GROUP);
        assertThat(texts.subList(before, texts.size())).containsExactly(reply);
    }

    @Test
    void aKindNoRouteHandlesIsDroppedQuietlyAndPollingGoesOn() {
        int boost = api.enqueueJson(EventJson.chatBoost(CHANNEL));
        api.enqueueJson(EventJson.message("channel_post", chat(CHANNEL, "channel"), 0, "\"text\":\"after\""));
        api.awaitText(CHANNEL, "seen post: after", WAIT);
        // a poll already waiting when the post was handled may still carry the older offset: the
        // boost is confirmed by one of the polls that follow
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (api.confirmedOffset() <= boost && System.nanoTime() < deadline) {
            int polls = api.requests("getUpdates").size();
            api.awaitRequests("getUpdates", polls + 1, WAIT);
        }
        assertThat(api.texts(CHANNEL)).containsExactly("seen post: after");
        assertThat(api.confirmedOffset()).isGreaterThan(boost);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({KindsController.class, MenuController.class, UploadScene.class})
    static class KindsApplication {
    }
}
