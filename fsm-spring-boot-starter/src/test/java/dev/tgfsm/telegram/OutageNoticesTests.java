package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * With several bots, the notice of a storage outage goes out through the client of the bot whose
 * update waits.
 */
class OutageNoticesTests {

    @Test
    void eachNoticeGoesThroughTheClientOfTheUpdatesBot() {
        RecordingTelegramClient first = new RecordingTelegramClient(1, Clock.systemUTC());
        RecordingTelegramClient second = new RecordingTelegramClient(2, Clock.systemUTC());
        OutageNotices notices = new OutageNotices((bot) -> bot == 2 ? second.client() : first.client(), "Back soon",
                OutboundLimiter.unlimited());

        notices.storageUnavailable(new Updates(Clock.systemUTC()).text(7, "hi"), StorageKey.of(2, 7, 7));

        assertThat(second.texts()).containsExactly("Back soon");
        assertThat(first.calls()).isEmpty();
    }
}
