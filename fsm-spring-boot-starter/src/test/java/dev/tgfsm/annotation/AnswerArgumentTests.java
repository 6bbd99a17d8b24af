package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.Answer;
import dev.tgfsm.testing.Updates;

/**
 * An {@link Answer} handler parameter gives a {@code @BotController} method the message's content as
 * a small value (the largest photo size, a contact, a location, …), or {@code null} for other updates.
 */
class AnswerArgumentTests {

    private static final List<Object> seen = Collections.synchronizedList(new ArrayList<>());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class, AnswerController.class);

    @Test
    void aHandlerGetsTheAnswerOfTheMessage() {
        seen.clear();
        Updates updates = new Updates(Clock.systemUTC());
        Map<String, Object> message = Map.of("message_id", 3, "date", 1_700_000_000, "chat",
                Map.of("id", 6, "type", "private"),
                "from", Map.of("id", 6, "is_bot", false, "first_name", "Ann"),
                "location", Map.of("latitude", 48.85, "longitude", 2.35));
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            dispatcher.submit(updates.update(Map.of("message", message))).get(5, TimeUnit.SECONDS);
            dispatcher.submit(updates.text(6, "hello")).get(5, TimeUnit.SECONDS);
            assertThat(seen).containsExactly(new Answer.Location(48.85, 2.35), new Answer.Text("hello"));
        });
    }

    /** Records the answer of each message. */
    @BotController
    public static class AnswerController {

        /**
         * Records the answer.
         *
         * @param answer the message's content
         */
        @OnMessage
        public void any(Answer answer) {
            seen.add(answer);
        }
    }
}
