package dev.tgfsm.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The recorder answers as Telegram would, records every call, and fails a call when told; the
 * update builders make updates the TelegramBots types read as Telegram's.
 */
class RecordingTelegramClientTests {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T12:00:00Z"));

    private final RecordingTelegramClient recorder = new RecordingTelegramClient(77, clock);

    private final TelegramClient client = recorder.client();

    @Test
    void sentMessagesAreAnsweredWithTypedMessagesAndRecorded() throws Exception {
        List<BotCall> heard = new ArrayList<>();
        recorder.onCall(heard::add);

        Message sent = client.execute(SendMessage.builder().chatId(5L).text("hi").build());
        client.execute(EditMessageText.builder().chatId(5L).messageId(sent.getMessageId()).text("hi!").build());

        assertThat(sent.getChatId()).isEqualTo(5L);
        assertThat(sent.getDate()).isEqualTo((int) clock.instant().getEpochSecond());
        assertThat(client.execute(new GetMe()).getId()).isEqualTo(77L);
        assertThat(recorder.texts()).containsExactly("hi", "hi!");
        assertThat(recorder.calls("editMessageText")).singleElement()
                .satisfies(c -> assertThat(c.param("message_id")).isEqualTo(String.valueOf(sent.getMessageId())));
        assertThat(heard).hasSize(3);
        recorder.reset();
        assertThat(recorder.calls()).isEmpty();
    }

    @Test
    void aCallFailsWhenToldAndATooLongTextIsRefusedAsTelegramRefusesIt() throws Exception {
        recorder.failNext("sendMessage", "Bad Request: chat not found");

        assertThatThrownBy(() -> client.execute(SendMessage.builder().chatId(5L).text("one").build()))
                .isInstanceOf(TelegramApiException.class).hasMessageContaining("chat not found");
        client.execute(SendMessage.builder().chatId(5L).text("two").build());
        assertThatThrownBy(() -> client.execute(SendMessage.builder().chatId(5L).text("x".repeat(4097)).build()))
                .isInstanceOf(TelegramApiException.class).hasMessageContaining("message is too long");
        assertThat(recorder.calls("sendMessage")).hasSize(3);
    }

    @Test
    void updatesAreWhatTelegramSends() {
        Updates updates = new Updates(clock);

        Update command = updates.text(9, "/order large");
        Update press = updates.callback(9, 9, 1001, "size:L");
        Update inGroup = updates.text(-100, 9, "hello");

        assertThat(command.getMessage().isCommand()).isTrue();
        assertThat(command.getMessage().getChat().isUserChat()).isTrue();
        assertThat(press.getCallbackQuery().getData()).isEqualTo("size:L");
        assertThat(press.getCallbackQuery().getMessage().getMessageId()).isEqualTo(1001);
        assertThat(inGroup.getMessage().getChat().isGroupChat()).isTrue();
        assertThat(inGroup.getMessage().getFrom().getId()).isEqualTo(9L);
        assertThat(press.getUpdateId()).isGreaterThan(command.getUpdateId());
    }
}
