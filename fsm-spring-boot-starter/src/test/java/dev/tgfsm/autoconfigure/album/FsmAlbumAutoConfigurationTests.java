package dev.tgfsm.autoconfigure.album;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.album.Album;
import dev.tgfsm.album.AlbumCollector;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnAlbum;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.middleware.FsmMiddlewareAutoConfiguration;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.FsmTimeoutAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The album auto-configuration: gathering follows the handlers and {@code tgfsm.albums.enabled}, a
 * gathered album reaches its {@code @OnAlbum} method and its reply is sent, and mistakes fail the
 * start-up.
 */
class FsmAlbumAutoConfigurationTests {

    private static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);

    private final Updates updates = new Updates(clock);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class,
                    FsmRoutingAutoConfiguration.class, FsmMiddlewareAutoConfiguration.class,
                    FsmTimeoutAutoConfiguration.class, FsmAlbumAutoConfiguration.class))
            .withBean(FsmAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
            .withBean(TelegramClient.class, telegram::client);

    @BotController
    static class Photos {

        @OnAlbum
        public String album(Album album) {
            SEEN.add("album of " + album.size());
            return "Got " + album.size();
        }

        @OnMessage
        public void message() {
            SEEN.add("message");
        }
    }

    @BotController
    static class AlbumOnAMessageRoute {

        @OnMessage
        public void message(Album album) {
        }
    }

    @Test
    void anOnAlbumHandlerSwitchesGatheringOnAndGetsTheAlbumOnce() {
        SEEN.clear();
        runner.withUserConfiguration(Photos.class).run(context -> {
            AlbumCollector collector = context.getBean(AlbumCollector.class);
            assertThat(collector.isGathering()).isTrue();
            assertThat(context.getBean(AlbumLifecycle.class).isRunning()).isTrue();
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            dispatcher.submit(updates.albumPhoto(5, "g", "f1", "hi")).get(10, TimeUnit.SECONDS);
            dispatcher.submit(updates.albumPhoto(5, "g", "f2", null)).get(10, TimeUnit.SECONDS);
            assertThat(SEEN).isEmpty();

            clock.advance(Duration.ofSeconds(1));
            assertThat(collector.runDue(StorageKey.of(0, 5, 5))).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (telegram.texts().isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(telegram.texts()).containsExactly("Got 2");
            assertThat(SEEN).containsExactly("album of 2");
        });
    }

    @Test
    void withoutAnAlbumHandlerEachPartStaysAMessage() {
        SEEN.clear();
        runner.withBean(UpdateHandler.class, () -> u -> SEEN.add("part " + u.update().getMessage().getMessageId()))
                .run(context -> {
                    assertThat(context.getBean(AlbumCollector.class).isGathering()).isFalse();
                    context.getBean(UpdateDispatcher.class).submit(updates.albumPhoto(5, "g", "f1", null))
                            .get(10, TimeUnit.SECONDS);
                    assertThat(SEEN).hasSize(1).allMatch(s -> s.startsWith("part "));
                });
    }

    @Test
    void enabledTrueGathersForAnOwnHandlerAndFalseLeavesNoCollector() {
        runner.withBean(UpdateHandler.class, () -> u -> {}).withPropertyValues("tgfsm.albums.enabled=true")
                .run(context -> assertThat(context.getBean(AlbumCollector.class).isGathering()).isTrue());
        runner.withUserConfiguration(Photos.class).withPropertyValues("tgfsm.albums.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AlbumCollector.class));
    }

    @Test
    void propertiesReachTheCollector() {
        runner.withBean(UpdateHandler.class, () -> u -> {}).withPropertyValues("tgfsm.albums.quiet-time=750ms",
                "tgfsm.albums.take-over-after=3s", "tgfsm.albums.max-parts=4").run(context -> {
                    assertThat(context.getBean(AlbumCollector.class).config().quietTime())
                            .isEqualTo(Duration.ofMillis(750));
                    assertThat(context.getBean(AlbumCollector.class).config().takeOverAfter())
                            .isEqualTo(Duration.ofSeconds(3));
                    assertThat(context.getBean(AlbumCollector.class).config().maxParts()).isEqualTo(4);
                });
    }

    @Test
    void aQuietTimeOfZeroFailsTheStartUpNamingTheProperty() {
        runner.withBean(UpdateHandler.class, () -> u -> {}).withPropertyValues("tgfsm.albums.quiet-time=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOfSatisfying(FsmConfigurationException.class,
                                ex -> assertThat(ex.action()).contains("tgfsm.albums.quiet-time")));
    }

    @Test
    void anAlbumParameterOnAMessageRouteFailsTheStartUp() {
        runner.withUserConfiguration(AlbumOnAMessageRoute.class).run(context -> assertThat(context).getFailure()
                .isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("AlbumOnAMessageRoute.message(Album)").hasMessageContaining("@OnAlbum"));
    }
}
