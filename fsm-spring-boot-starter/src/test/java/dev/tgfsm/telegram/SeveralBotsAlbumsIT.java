package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.album.Album;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnAlbum;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Albums of two bots in one application on one Redis ({@code tgfsm.bot} and {@code tgfsm.bots[0]},
 * each polling its own local Bot API server through the real client): each bot's album reaches one
 * {@code @OnAlbum} call with that bot's {@link BotIdentity}, answered through its own token, also with
 * the same chat and media group ids at both bots; an album of the further bot whose instance stopped
 * before its quiet time is taken over by that bot's scheduler in another instance.
 */
@RequiresServers(TestServer.REDIS)
class SeveralBotsAlbumsIT {

    /** Every album handled: instance, bot, group, parts. */
    static final Queue<String> CALLS = new ConcurrentLinkedQueue<>();

    private final String prefix = "tgfsm-bots-album-it-" + System.nanoTime() + ":";

    private TwoBots bots;

    @BeforeEach
    void start() throws Exception {
        bots = TwoBots.start();
        CALLS.clear();
    }

    @AfterEach
    void stop() {
        bots.close();
    }

    private ConfigurableApplicationContext instance(String name, String quietTime) {
        return bots.application(AlbumsApplication.class, WebApplicationType.NONE, bots.supportBot())
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

            bots.main.awaitText(501, "default: album g1 of 3", TwoBots.WAIT);
            bots.support.awaitText(501, "support: album g1 of 4", TwoBots.WAIT);
            assertThat(bots.main.requests("sendMessage")).singleElement()
                    .satisfies(r -> assertThat(r.token()).isEqualTo(TwoBots.MAIN_TOKEN));
            assertThat(bots.support.requests("sendMessage")).singleElement()
                    .satisfies(r -> assertThat(r.token()).isEqualTo(TwoBots.SUPPORT_TOKEN));
            assertThat(CALLS).containsExactlyInAnyOrder("A default g1 3", "A support g1 4");
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
        assertThat(CALLS).as("stopped within the quiet time").isEmpty();

        try (ConfigurableApplicationContext second = instance("B", "4s")) {
            bots.support.awaitText(502, "support: album g2 of 3", TwoBots.WAIT);
            assertThat(CALLS).containsExactly("B support g2 3");
            assertThat(bots.support.requests("sendMessage")).singleElement()
                    .satisfies(r -> assertThat(r.token()).isEqualTo(TwoBots.SUPPORT_TOKEN));
            assertThat(bots.main.requests("sendMessage")).isEmpty();
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AlbumsApplication {

        @Bean
        AlbumController albumController(@Value("${album.instance}") String instance) {
            return new AlbumController(instance);
        }
    }

    @BotController
    static class AlbumController {

        private final String instance;

        AlbumController(String instance) {
            this.instance = instance;
        }

        @OnAlbum
        public String album(Album album, BotIdentity bot) {
            CALLS.add(instance + " " + bot.name() + " " + album.mediaGroupId() + " " + album.size());
            return bot.name() + ": album " + album.mediaGroupId() + " of " + album.size();
        }
    }
}
