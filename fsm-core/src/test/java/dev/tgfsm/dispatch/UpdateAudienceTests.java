package dev.tgfsm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.testing.Updates;

class UpdateAudienceTests {

    private final Updates updates = new Updates(Clock.systemUTC());

    @Test
    void messagesAndButtonsInPrivateChatsAndGroupsAreAnswerable() {
        assertThat(UpdateAudience.isAnswerable(updates.text(1, "hi"))).isTrue();
        assertThat(UpdateAudience.isAnswerable(updates.text(-5, 1, "hi all"))).isTrue();
        assertThat(UpdateAudience.isAnswerable(updates.callback(1, "b"))).isTrue();
        assertThat(UpdateAudience.isAnswerable(message("supergroup"))).isTrue();
    }

    @Test
    void updatesWithoutAUserToAnswerAreNot() {
        for (Map.Entry<String, Map<String, Object>> odd : OddUpdates.all(1).entrySet()) {
            assertThat(UpdateAudience.isAnswerable(updates.update(odd.getValue()))).as(odd.getKey()).isFalse();
        }
        assertThat(UpdateAudience.isAnswerable(updates.editedMessage(1, "edit"))).isFalse();
        assertThat(UpdateAudience.isAnswerable(updates.inlineQuery(1, "q"))).isFalse();
        assertThat(UpdateAudience.isAnswerable(message("channel"))).isFalse();
        assertThat(UpdateAudience.isAnswerable(null)).isFalse();
    }

    @Test
    void buttonsUnderChannelPostsAndInlineMessagesAreNotAnswerable() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("id", "q1");
        query.put("from", Map.of("id", 1, "is_bot", false, "first_name", "U"));
        query.put("chat_instance", "c");
        query.put("data", "x");
        query.put("inline_message_id", "inline-1");
        assertThat(UpdateAudience.isAnswerable(updates.update(Map.of("callback_query", query)))).isFalse();
        query.remove("inline_message_id");
        query.put("message", OddUpdates.channelMessage(3, "post"));
        assertThat(UpdateAudience.isAnswerable(updates.update(Map.of("callback_query", query)))).isFalse();
    }

    @Test
    void kindsAreNamedAsTheBotApiNamesThem() {
        for (Map.Entry<String, Map<String, Object>> odd : OddUpdates.all(1).entrySet()) {
            String expected = odd.getKey().equals("unknown_kind") ? "unknown" : odd.getKey();
            assertThat(UpdateAudience.kindOf(updates.update(odd.getValue()))).isEqualTo(expected);
        }
        assertThat(UpdateAudience.kindOf(updates.text(1, "hi"))).isEqualTo("message");
        assertThat(UpdateAudience.kindOf(updates.callback(1, "b"))).isEqualTo("callback_query");
    }

    private Update message(String chatType) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", 1);
        message.put("date", 1_750_000_000);
        message.put("chat", Map.of("id", -100L, "type", chatType, "title", "T"));
        message.put("from", Map.of("id", 1, "is_bot", false, "first_name", "U"));
        message.put("text", "hello");
        return updates.update(Map.of("message", message));
    }
}
