package dev.tgfsm.telegram;

import static dev.tgfsm.telegram.SubFlowApplication.WAIT;
import static dev.tgfsm.telegram.SubFlowApplication.say;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.testing.EventJson;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Poll steps through the real TelegramBots client against the local Bot API server, with polls the
 * outbox never sees: sent straight through the {@code TelegramClient} (never recorded: the vote is
 * taken because no poll is recorded since the prompt) and with {@code Director.execute} (recorded in
 * the same update as the prompt: its vote is taken, a vote in another poll then is not).
 */
class PollStepEndToEndIT {

    private static final String TOKEN = "888002:e2e-poll-step-token";

    private LocalBotApiServer api;

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void votesInPollsSentStraightThroughTheClientOrWithDirectorExecuteAnswerTheStep() {
        long ann = 801;
        try (ConfigurableApplicationContext app = start()) {
            say(api, ann, "/raw", "Vote in the poll above.");
            String raw = lastPoll(ann);
            vote(ann, raw, 1, "Voted [1]");

            say(api, ann, "/direct", "Vote in the poll above.");
            String direct = lastPoll(ann);
            assertThat(direct).isNotEqualTo(raw);
            api.enqueueJson(EventJson.pollAnswer(raw, ann, 0)); // the step's own poll is recorded: another one is not taken
            say(api, ann, "/help", "Vote in the poll above.\n\nUse /cancel to stop or /back to go back.");
            vote(ann, direct, 0, "Voted [0]");
        }
    }

    private void vote(long user, String poll, int option, String reply) {
        int before = api.texts(user).size();
        int total = api.requests("sendMessage").size();
        api.enqueueJson(EventJson.pollAnswer(poll, user, option));
        api.awaitRequests("sendMessage", total + 1, WAIT);
        List<String> texts = api.texts(user);
        assertThat(texts.subList(before, texts.size())).as("reply to the vote").containsExactly(reply);
    }

    private String lastPoll(long chat) {
        List<String> polls = api.pollIds(chat);
        assertThat(polls).isNotEmpty();
        return polls.get(polls.size() - 1);
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PollStepApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "spring.data.redis.repositories.enabled=false",
                        "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
                                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
                .run();
    }
}
