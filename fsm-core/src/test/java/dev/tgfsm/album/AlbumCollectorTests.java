package dev.tgfsm.album;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.routing.Route;
import dev.tgfsm.routing.Router;
import dev.tgfsm.routing.UpdateKind;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.timeout.TimeoutConfig;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Albums on the in-memory backend with real dispatchers: gathering, one handler call per album,
 * parts split across two instances, late parts, take-over after an instance stopped, failures.
 * Time is a {@link MutableClock}; the runs themselves are asynchronous, so results are awaited.
 */
class AlbumCollectorTests {

    private static final long BOT = 7;

    private static final long USER = 42;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final FsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final Updates updates = new Updates(clock);

    /** What reached the handler: an album, or a plain update. */
    private final BlockingQueue<Object> handled = new LinkedBlockingQueue<>();

    private final List<Instance> instances = new ArrayList<>();

    private volatile boolean failing;

    /**
     * One bot instance: its own contexts, collector and dispatcher over the shared storage, locking
     * conversations across instances as the Redis and SQL backends do.
     */
    private final class Instance implements AutoCloseable {

        final LeaseKeeper leases = new LeaseKeeper();

        final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withLock(Duration.ofSeconds(5), Duration.ofSeconds(15)), leases);

        final AlbumCollector collector;

        final UpdateDispatcher dispatcher;

        Instance(AlbumConfig config) {
            this(config, null);
        }

        Instance(AlbumConfig config, ScheduledExecutorService timers) {
            collector = timers == null ? new AlbumCollector(contexts, config, clock)
                    : new AlbumCollector(contexts, config, clock, timers);
            dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                    UpdatePipeline.builder().albums(collector::handle).handler(AlbumCollectorTests.this::handle)
                            .build(),
                    DispatcherConfig.ofDefaults().withThreads(2), null);
            collector.attach(dispatcher);
            instances.add(this);
        }

        void send(Update update) throws Exception {
            dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            collector.close();
            dispatcher.close();
            leases.close();
        }
    }

    private void handle(UpdateContext update) {
        if (failing) {
            throw new IllegalStateException("handler failed");
        }
        Album album = Album.of(update);
        handled.add(album != null ? album : update.update());
        if (album != null) {
            update.context().updateData("albums", 1);
        }
    }

    @AfterEach
    void tearDown() {
        instances.forEach(Instance::close);
    }

    private List<Update> album(String group, int parts) {
        List<Update> list = new ArrayList<>();
        for (int i = 1; i <= parts; i++) {
            list.add(updates.albumPhoto(USER, group, group + "-photo-" + i, i == 1 ? "caption " + group : null));
        }
        return list;
    }

    private Album nextAlbum() throws InterruptedException {
        Object next = handled.poll(10, TimeUnit.SECONDS);
        assertThat(next).isInstanceOf(Album.class);
        return (Album) next;
    }

    /** Waits until the album's unit of work committed: the handler is called before the commit. */
    private void awaitNoPendingAlbum(StorageKey key) throws InterruptedException {
        for (int i = 0; i < 500
                && !PendingAlbums.read(storage.load(key).meta().get(PendingAlbums.META)).isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(PendingAlbums.read(storage.load(key).meta().get(PendingAlbums.META)).isEmpty()).isTrue();
    }

    private static List<Integer> messageIds(List<Update> parts) {
        return parts.stream().map(u -> u.getMessage().getMessageId()).toList();
    }

    private static List<Integer> messageIds(Album album) {
        return album.messages().stream().map(Message::getMessageId).toList();
    }

    @Test
    void partsOfOneAlbumReachOneHandlerCallInMessageOrder() throws Exception {
        Instance bot = new Instance(AlbumConfig.ofDefaults());
        List<Update> parts = album("g1", 5);
        List<Update> shuffled = new ArrayList<>(parts);
        Collections.reverse(shuffled);
        for (Update part : shuffled) {
            bot.send(part);
        }
        assertThat(bot.collector.runDue(KEY)).as("not quiet yet").isFalse();
        assertThat(handled).isEmpty();

        clock.advance(Duration.ofMillis(500));
        assertThat(bot.collector.runDue(KEY)).isTrue();

        Album album = nextAlbum();
        assertThat(album.mediaGroupId()).isEqualTo("g1");
        assertThat(messageIds(album)).isEqualTo(messageIds(parts));
        assertThat(album.caption()).isEqualTo("caption g1");
        assertThat(album.isLate()).isFalse();
        awaitNoPendingAlbum(KEY);
        assertThat(bot.collector.runDue(KEY)).as("handled and removed").isFalse();
        assertThat(handled.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(storage.load(KEY).data()).containsEntry("albums", 1);
        assertThat(storage.load(KEY).meta().get(PendingAlbums.META)).asString().doesNotContain("photo");
    }

    @Test
    void timersRunOnAGivenExecutorWhichClosingLeavesRunning() throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true);
        try {
            Instance bot = new Instance(AlbumConfig.ofDefaults(), timers);
            bot.send(album("g0", 1).get(0));
            assertThat(timers.getQueue()).as("the part armed a timer on the given executor").hasSize(1);
            bot.collector.close();
            assertThat(timers.getQueue()).as("closing cancelled it").isEmpty();
            assertThat(timers.isShutdown()).as("the executor stays its owner's").isFalse();
        }
        finally {
            timers.shutdownNow();
        }
    }

    @Test
    void aRedeliveredPartIsStoredOnce() throws Exception {
        Instance first = new Instance(AlbumConfig.ofDefaults());
        Instance second = new Instance(AlbumConfig.ofDefaults());
        List<Update> parts = album("g2", 3);
        for (Update part : parts) {
            first.send(part);
        }
        second.send(parts.get(1));
        clock.advance(Duration.ofSeconds(1));
        second.collector.runDue(KEY);

        assertThat(messageIds(nextAlbum())).isEqualTo(messageIds(parts));
    }

    @Test
    void aPartArrivingAfterItsAlbumWasHandledIsALateAlbum() throws Exception {
        Instance bot = new Instance(AlbumConfig.ofDefaults());
        List<Update> parts = album("g3", 3);
        bot.send(parts.get(0));
        bot.send(parts.get(1));
        clock.advance(Duration.ofSeconds(1));
        bot.collector.runDue(KEY);
        assertThat(nextAlbum().size()).isEqualTo(2);

        bot.send(parts.get(2));
        clock.advance(Duration.ofSeconds(1));
        bot.collector.runDue(KEY);
        Album late = nextAlbum();
        assertThat(late.isLate()).isTrue();
        assertThat(messageIds(late)).containsExactly(parts.get(2).getMessage().getMessageId());
    }

    @Test
    void partsSplitAcrossTwoInstancesReachExactlyOneCallPerAlbum() throws Exception {
        Instance a = new Instance(AlbumConfig.ofDefaults());
        Instance b = new Instance(AlbumConfig.ofDefaults());
        int users = 40;
        List<List<Update>> albums = new ArrayList<>();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            List<Update> parts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                parts.add(updates.albumPhoto(1000 + u, "u" + u, "p" + i, null));
            }
            albums.add(parts);
            for (int i = 0; i < parts.size(); i++) {
                sent.add((i % 2 == 0 ? a : b).dispatcher.submit(parts.get(i)));
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(handled).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        for (int u = 0; u < users; u++) {
            StorageKey key = StorageKey.of(BOT, 1000 + u, 1000 + u);
            a.collector.runDue(key);
            b.collector.runDue(key);
        }
        List<Album> got = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            got.add(nextAlbum());
        }
        assertThat(handled.poll(300, TimeUnit.MILLISECONDS)).as("no second call").isNull();
        for (Album album : got) {
            int u = Integer.parseInt(album.mediaGroupId().substring(1));
            assertThat(messageIds(album)).isEqualTo(messageIds(albums.get(u)));
            assertThat(storage.load(StorageKey.of(BOT, 1000 + u, 1000 + u)).data()).containsEntry("albums", 1);
        }
    }

    @Test
    void anAlbumWhoseInstanceStoppedIsTakenOverThroughTheDeadlineIndex() throws Exception {
        Instance gone = new Instance(AlbumConfig.ofDefaults());
        List<Update> parts = album("g4", 3);
        for (Update part : parts) {
            gone.send(part);
        }
        gone.close();
        Instance other = new Instance(AlbumConfig.ofDefaults());
        TimeoutScheduler scheduler = new TimeoutScheduler(other.contexts, TimeoutConfig.builder().build(), clock);
        scheduler.handleDestiny(AlbumCollector.DESTINY, other.collector::onDue);

        clock.advance(Duration.ofMillis(600));
        scheduler.runDue();
        assertThat(handled.poll(200, TimeUnit.MILLISECONDS)).as("before the take-over delay").isNull();

        clock.advance(Duration.ofSeconds(2));
        scheduler.runDue();
        assertThat(messageIds(nextAlbum())).isEqualTo(messageIds(parts));
        awaitNoPendingAlbum(KEY);
        assertThat(handled.poll(1, TimeUnit.SECONDS)).as("the entry is cancelled right after the commit").isNull();
        clock.advance(Duration.ofMinutes(5));
        assertThat(DeadlineIndex.of(storage).claimDue(clock.instant(), 10, Duration.ofSeconds(1))).as("entry cancelled")
                .isEmpty();
    }

    @Test
    void aTakeOverWhileTheAlbumIsStillGatheredWaitsForItsQuietTime() throws Exception {
        Instance bot = new Instance(AlbumConfig.ofDefaults());
        TimeoutScheduler scheduler = new TimeoutScheduler(bot.contexts, TimeoutConfig.builder().build(), clock);
        scheduler.handleDestiny(AlbumCollector.DESTINY, bot.collector::onDue);
        List<Update> parts = album("g5", 2);
        bot.send(parts.get(0));
        clock.advance(Duration.ofMillis(2_400));
        bot.send(parts.get(1));
        clock.advance(Duration.ofMillis(200));
        scheduler.runDue();
        assertThat(handled.poll(200, TimeUnit.MILLISECONDS)).as("claimed early, rescheduled").isNull();

        clock.advance(Duration.ofSeconds(3));
        scheduler.runDue();
        assertThat(nextAlbum().size()).isEqualTo(2);
    }

    @Test
    void aFullAlbumIsHandledWithoutWaitingForTheQuietTime() throws Exception {
        Instance bot = new Instance(new AlbumConfig(Duration.ofMinutes(1), Duration.ofMinutes(1), 3));
        List<Update> parts = album("g6", 3);
        for (Update part : parts) {
            bot.send(part);
        }
        assertThat(messageIds(nextAlbum())).isEqualTo(messageIds(parts));
    }

    @Test
    void aHandlerThatThrowsEndsTheAlbum() throws Exception {
        Instance bot = new Instance(AlbumConfig.ofDefaults());
        for (Update part : album("g7", 2)) {
            bot.send(part);
        }
        failing = true;
        clock.advance(Duration.ofSeconds(1));
        assertThat(bot.collector.runDue(KEY)).isTrue();
        awaitNoPendingAlbum(KEY);
        assertThat(bot.collector.runDue(KEY)).isFalse();
    }

    @Test
    void messagesOutsideAlbumsPassThrough() throws Exception {
        Instance bot = new Instance(AlbumConfig.ofDefaults());
        Update text = updates.text(USER, "hello");
        bot.send(text);
        assertThat(handled.poll(1, TimeUnit.SECONDS)).isSameAs(text);
        assertThat(storage.load(KEY).meta()).doesNotContainKey(PendingAlbums.META);
    }

    @Test
    void albumRoutesGetAlbumsAndMessageRoutesGetNone() throws Exception {
        List<String> routes = Collections.synchronizedList(new ArrayList<>());
        Router router = Router.builder()
                .route(Route.on(UpdateKind.ALBUM).handle((u, m) -> routes.add("album " + Album.of(u).size())))
                .route(Route.on(UpdateKind.MESSAGE).handle((u, m) -> routes.add("message")))
                .build();
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
        AlbumCollector collector = new AlbumCollector(contexts, AlbumConfig.ofDefaults(), clock);
        try (collector;
                UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                        UpdatePipeline.builder().albums(collector::handle).handler(router).build(),
                        DispatcherConfig.ofDefaults(), null)) {
            collector.attach(dispatcher);
            for (Update part : album("g8", 2)) {
                dispatcher.submit(part).get(5, TimeUnit.SECONDS);
            }
            dispatcher.submit(updates.text(USER, "after")).get(5, TimeUnit.SECONDS);
            clock.advance(Duration.ofSeconds(1));
            collector.runDue(KEY);
            for (int i = 0; i < 250 && routes.size() < 2; i++) {
                handled.poll(20, TimeUnit.MILLISECONDS);
            }
            assertThat(routes).containsExactly("message", "album 2");
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new AlbumConfig(Duration.ZERO, Duration.ofSeconds(1), 10))
                .isInstanceOfSatisfying(FsmConfigurationException.class,
                        ex -> assertThat(ex.action()).contains("tgfsm.albums.quiet-time"));
        assertThatThrownBy(() -> new AlbumConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOfSatisfying(FsmConfigurationException.class,
                        ex -> assertThat(ex.action()).contains("tgfsm.albums.max-parts"));
    }
}
