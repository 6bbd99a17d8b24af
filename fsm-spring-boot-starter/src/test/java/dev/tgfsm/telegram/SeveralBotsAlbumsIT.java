package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Albums of two bots in one application on one Redis ({@code tgfsm.bot} and {@code tgfsm.bots[0]},
 * each polling its own local Bot API server through the real client; the handler of
 * {@link AlbumEndToEndIT}): each bot's album reaches one
 * {@code @OnAlbum} call with that bot's {@link BotIdentity}, answered through its own token, also with
 * the same chat and media group ids at both bots; an album of the further bot whose instance stopped
 * before its quiet time is taken over by that bot's scheduler in another instance.
 */
@RequiresServers(TestServer.REDIS)
class SeveralBotsAlbumsIT {

    private final String prefix = "tgfsm-bots-album-it-" + System.nanoTime() + ":";

    @RegisterExtension
    final TwoBots bots = new TwoBots();

    @BeforeEach
    void clear() {
        AlbumEndToEndIT.CALLS.clear();
    }

    private ConfigurableApplicationContext instance(String name, String quietTime) {
        return bots.application(AlbumEndToEndIT.AlbumApplication.class, WebApplicationType.NONE, bots.supportBot())
                .properties(TwoBots.redis(prefix))
                .properties("album.instance=" + name, "tgfsm.albums.quiet-time=" + quietTime,
                        "tgfsm.albums.take-over-after=1s", "tgfsm.timeout.poll-interval=200ms")
                .run();
    }

    private static int enqueueAlbum(LocalBotApiServer api, int firstUpdateId, long chat, String group, int parts) {
        int last = 0;
        for (int i = 1; i <= parts; i++) {
            last = api.enqueue(TestUpdates.albumPhotoJson(firstUpdateId + i, chat, 100 + i, group, i));
        }
        return last;
    }

    @Test
    void eachBotsAlbumIsHandledAsItsOwnAndAnsweredThroughItsOwnToken() {
        try (ConfigurableApplicationContext app = instance("A", "500ms")) {
            enqueueAlbum(bots.main, 100, 501, "g1", 3);
            enqueueAlbum(bots.support, 100, 501, "g1", 4);

            bots.main.awaitText(501, "album g1: 3 photos, caption 'album g1'", TwoBots.WAIT);
            bots.support.awaitText(501, "album g1: 4 photos, caption 'album g1'", TwoBots.WAIT);
            assertThat(bots.main.requests("sendMessage")).singleElement()
                    .satisfies(r -> assertThat(r.token()).isEqualTo(TwoBots.MAIN_TOKEN));
            assertThat(bots.support.requests("sendMessage")).singleElement()
                    .satisfies(r -> assertThat(r.token()).isEqualTo(TwoBots.SUPPORT_TOKEN));
            assertThat(AlbumEndToEndIT.CALLS).containsExactlyInAnyOrder(
                    new AlbumEndToEndIT.Call("A", "default", 501, "g1", List.of(101, 102, 103), false),
                    new AlbumEndToEndIT.Call("A", "support", 501, "g1", List.of(101, 102, 103, 104), false));
        }
    }

    @Test
    void anAlbumOfTheFurtherBotWhoseInstanceStoppedIsTakenOverByThatBotsSchedulerElsewhere() throws Exception {
        ConfigurableApplicationContext first = instance("A", "4s");
        int last = enqueueAlbum(bots.support, 200, 502, "g2", 3);
        long deadline = System.nanoTime() + TwoBots.WAIT.toNanos();
        while (bots.support.confirmedOffset() <= last && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(bots.support.confirmedOffset()).as("every part stored and confirmed").isGreaterThan(last);
        first.close();
        assertThat(AlbumEndToEndIT.CALLS).as("stopped within the quiet time").isEmpty();

        try (ConfigurableApplicationContext second = instance("B", "4s")) {
            bots.support.awaitText(502, "album g2: 3 photos, caption 'album g2'", TwoBots.WAIT);
            assertThat(AlbumEndToEndIT.CALLS).containsExactly(
                    new AlbumEndToEndIT.Call("B", "support", 502, "g2", List.of(101, 102, 103), false));
            assertThat(bots.support.requests("sendMessage")).singleElement()
                    .satisfies(r -> assertThat(r.token()).isEqualTo(TwoBots.SUPPORT_TOKEN));
            assertThat(bots.main.requests("sendMessage")).isEmpty();
        }
    }
}
