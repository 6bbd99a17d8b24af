package dev.tgfsm.key;

import static dev.tgfsm.key.Updates.message;
import static dev.tgfsm.key.Updates.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.polls.Poll;

class KeyStrategyTests {

    private static final long BOT = 42;

    private static Update topicMessage() {
        Message message = message(-100, "supergroup", user(7));
        message.setMessageThreadId(3);
        message.setIsTopicMessage(true);
        message.setBusinessConnectionId("biz");
        Update update = new Update();
        update.setMessage(message);
        return update;
    }

    @Test
    void eachStrategyScopesTheConversationLikeAiogram() {
        Update update = topicMessage();

        assertThat(KeyStrategy.USER_IN_CHAT.keyOf(BOT, update))
                .contains(new StorageKey(BOT, -100, 7, null, "biz", StorageKey.DEFAULT_DESTINY));
        assertThat(KeyStrategy.CHAT.keyOf(BOT, update))
                .contains(new StorageKey(BOT, -100, -100, null, "biz", StorageKey.DEFAULT_DESTINY));
        assertThat(KeyStrategy.GLOBAL_USER.keyOf(BOT, update))
                .contains(new StorageKey(BOT, 7, 7, null, "biz", StorageKey.DEFAULT_DESTINY));
        assertThat(KeyStrategy.USER_IN_TOPIC.keyOf(BOT, update))
                .contains(new StorageKey(BOT, -100, 7, 3L, "biz", StorageKey.DEFAULT_DESTINY));
        assertThat(KeyStrategy.CHAT_TOPIC.keyOf(BOT, update))
                .contains(new StorageKey(BOT, -100, -100, 3L, "biz", StorageKey.DEFAULT_DESTINY));
    }

    @Test
    void topicStrategiesWithoutTopicHaveNoThread() {
        Update update = new Update();
        update.setMessage(message(-100, "supergroup", user(7)));

        assertThat(KeyStrategy.USER_IN_TOPIC.keyOf(BOT, update)).contains(StorageKey.of(BOT, -100, 7));
        assertThat(KeyStrategy.CHAT_TOPIC.keyOf(BOT, update)).contains(StorageKey.of(BOT, -100, -100));
    }

    @Test
    void userOnlyUpdateUsesThePrivateChat() {
        Update update = new Update();
        update.setInlineQuery(InlineQuery.builder().id("i").from(user(7)).query("q").offset("").build());

        assertThat(KeyStrategy.USER_IN_CHAT.keyOf(BOT, update)).contains(StorageKey.of(BOT, 7, 7));
        assertThat(KeyStrategy.CHAT.keyOf(BOT, update)).contains(StorageKey.of(BOT, 7, 7));
    }

    @Test
    void chatOnlyIdentityUsesTheChatAsUser() {
        UpdateIdentity chatOnly = new UpdateIdentity(-100L, null, null, null);

        assertThat(KeyStrategy.USER_IN_CHAT.keyOf(BOT, chatOnly)).isEqualTo(StorageKey.of(BOT, -100, -100));
        assertThat(KeyStrategy.GLOBAL_USER.keyOf(BOT, chatOnly)).isEqualTo(StorageKey.of(BOT, -100, -100));
    }

    @Test
    void updateWithoutIdentityHasNoKey() {
        Poll poll = new Poll();
        poll.setId("p");
        Update update = new Update();
        update.setPoll(poll);

        for (KeyStrategy strategy : KeyStrategy.values()) {
            assertThat(strategy.keyOf(BOT, update)).isEmpty();
        }
    }

    @Test
    void identityWithoutChatOrUserIsRejected() {
        assertThatThrownBy(() -> KeyStrategy.CHAT.keyOf(BOT, new UpdateIdentity(null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat or a user");
    }

    @Test
    void botIdIsAlwaysPartOfTheKey() {
        Update update = topicMessage();

        assertThat(KeyStrategy.USER_IN_CHAT.keyOf(1, update)).isNotEqualTo(KeyStrategy.USER_IN_CHAT.keyOf(2, update));
    }
}
