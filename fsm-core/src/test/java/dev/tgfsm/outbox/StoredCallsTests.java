package dev.tgfsm.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessages;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardRemove;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardRow;

import dev.tgfsm.codec.JacksonFsmCodec;

class StoredCallsTests {

    private final StoredCalls format = new StoredCalls();

    private final JacksonFsmCodec codec = new JacksonFsmCodec();

    /** Stores a call as a record would (plain JSON, encoded and decoded) and reads it back. */
    private BotApiMethod<? extends Serializable> roundTrip(BotApiMethod<? extends Serializable> method,
            BotApiMethod<? extends Serializable> fallback) {
        Map<String, Object> plain = format.toPlain(new OutboxCall(method, fallback, null));
        Object stored = codec.decodeValue(codec.encodeValue(codec.toPlain(plain)), "test");
        if (fallback != null) {
            assertThat(format.fallback(stored, "test")).isEqualTo(fallback);
        }
        return format.method(stored, "test");
    }

    @Test
    void messagesWithEveryKindOfKeyboardRoundTrip() {
        SendMessage inline = SendMessage.builder().chatId(5L).text("pick").messageThreadId(3)
                .replyMarkup(new InlineKeyboardMarkup(List.of(new InlineKeyboardRow(
                        InlineKeyboardButton.builder().text("A").callbackData("a").build()))))
                .build();
        SendMessage reply = SendMessage.builder().chatId(5L).text("type")
                .replyMarkup(new ReplyKeyboardMarkup(List.of(new KeyboardRow(List.of(new KeyboardButton("Yes"))))))
                .build();
        SendMessage remove = SendMessage.builder().chatId(5L).text("done").replyMarkup(new ReplyKeyboardRemove(true))
                .build();

        assertThat(roundTrip(inline, null)).isEqualTo(inline);
        assertThat(roundTrip(reply, null)).isEqualTo(reply);
        assertThat(roundTrip(remove, null)).isEqualTo(remove);
    }

    @Test
    void editsDeletionsCallbackAnswersAndFallbacksRoundTrip() {
        EditMessageText edit = EditMessageText.builder().chatId(5L).messageId(9).text("new").build();
        DeleteMessages delete = DeleteMessages.builder().chatId(5L).messageIds(List.of(1, 2, 3)).build();
        AnswerCallbackQuery answer = AnswerCallbackQuery.builder().callbackQueryId("q1").text("ok").build();

        assertThat(roundTrip(edit, SendMessage.builder().chatId(5L).text("new").build())).isEqualTo(edit);
        assertThat(roundTrip(delete, null)).isEqualTo(delete);
        assertThat(roundTrip(answer, null)).isEqualTo(answer);
    }

    @Test
    void typesOutsideTheBotApiMethodsAreRefused() {
        assertThat(format.method(Map.of("type", "java.util.ArrayList", "body", Map.of()), "t")).isNull();
        assertThat(format.method(Map.of("type", "org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod",
                "body", Map.of()), "t")).as("abstract").isNull();
        assertThat(format.method(Map.of("type", "org.telegram.telegrambots.meta.api.methods.NoSuchMethod",
                "body", Map.of()), "t")).isNull();
        assertThat(format.method(Map.of("type", 42), "t")).isNull();
        assertThat(format.read(List.of(Map.of("id", "x")), "t")).isEmpty();
    }
}
