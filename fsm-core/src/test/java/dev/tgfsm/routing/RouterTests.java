package dev.tgfsm.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.OddUpdates;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.state.FsmState;
import dev.tgfsm.state.StateGroup;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.Updates;

class RouterTests {

    private static final Updates UPDATES = new Updates(java.time.Clock.systemUTC());

    @StateGroup("Reg")
    enum Reg implements FsmState { NAME, EMAIL }

    private static final long BOT = 7L;

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults()));

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private UpdateDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private void start(Consumer<Router.Builder> routes) {
        Router.Builder builder = Router.builder().botUsername("@MyBot")
                .fallback((u, m) -> calls.add("fallback:" + m.text()));
        routes.accept(builder);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, builder.build(),
                DispatcherConfig.ofDefaults().withThreads(2).withPersistedUpdates(0), null);
    }

    private void send(Update update) throws Exception {
        dispatcher.submit(update).get(5, TimeUnit.SECONDS);
    }

    private RouteHandler record(String label) {
        return (u, m) -> calls.add(label);
    }

    private void setState(long user, String state) {
        storage.delegate().setState(StorageKey.of(BOT, user, user), state);
    }

    @Test
    void commandRouteGetsArgumentsAndAcceptsItsOwnBotSuffixAndACommandForAnotherBotReachesNoFallback()
            throws Exception {
        start(r -> r.route(Route.command("/start").handle((u, m) -> calls.add("start:" + m.commandArgs()))));
        send(UPDATES.text(1, "/start ref 42"));
        send(UPDATES.text(1, "/START@mybot x"));
        send(UPDATES.text(1, "/start@OtherBot y"));
        send(UPDATES.text(1, "/starter"));
        assertThat(calls).containsExactly("start:ref 42", "start:x", "fallback:/starter");
    }

    @Test
    void stateSpecificRouteWinsOverAnyStateRouteDeclaredEarlier() throws Exception {
        start(r -> r.route(Route.on(UpdateKind.MESSAGE).handle(record("any")))
                .route(Route.on(UpdateKind.MESSAGE).inState(Reg.EMAIL).handle(record("email"))));
        send(UPDATES.text(1, "hi"));
        setState(1, "Reg:EMAIL");
        send(UPDATES.text(1, "a@b.c"));
        assertThat(calls).containsExactly("any", "email");
    }

    @Test
    void commandWinsOverPlainTextOfTheSameStateRank() throws Exception {
        start(r -> r.route(Route.on(UpdateKind.MESSAGE).handle(record("text")))
                .route(Route.command("help").handle(record("help"))));
        send(UPDATES.text(1, "/help"));
        send(UPDATES.text(1, "help"));
        assertThat(calls).containsExactly("help", "text");
    }

    @Test
    void stateSpecificTextBeatsAnyStateCommandUnlessTheCommandHasPriority() throws Exception {
        start(r -> r.route(Route.command("cancel").handle(record("cancel")))
                .route(Route.on(UpdateKind.MESSAGE).inState("Reg:EMAIL").handle(record("email")))
                .route(Route.command("stop").priority(1).handle(record("stop"))));
        setState(1, "Reg:EMAIL");
        send(UPDATES.text(1, "/cancel"));
        send(UPDATES.text(1, "/stop"));
        assertThat(calls).containsExactly("email", "stop");
    }

    @Test
    void declarationOrderBreaksTies() throws Exception {
        start(r -> r.route(Route.on(UpdateKind.MESSAGE).text("a.*").handle(record("first")))
                .route(Route.on(UpdateKind.MESSAGE).text(".*b").handle(record("second"))));
        send(UPDATES.text(1, "ab"));
        send(UPDATES.text(1, "xb"));
        assertThat(calls).containsExactly("first", "second");
    }

    @Test
    void textPatternMustMatchTheWholeTextAndExposesGroups() throws Exception {
        start(r -> r.route(Route.on(UpdateKind.MESSAGE).text("(?<user>\\w+)@(\\w+)\\.com")
                .handle((u, m) -> calls.add(m.group("user") + " at " + m.group(2)))));
        send(UPDATES.text(1, "ann@example.com"));
        send(UPDATES.text(1, "mail ann@example.com please"));
        assertThat(calls).containsExactly("ann at example", "fallback:mail ann@example.com please");
    }

    @Test
    void callbackRoutesMatchPrefixOrExactDataAndExposeTheRest() throws Exception {
        start(r -> r
                .route(Route.callback().dataPrefix("book:").handle((u, m) -> calls.add("book " + m.callbackSuffix())))
                .route(Route.callback().data("cancel").handle(record("cancel"))));
        send(UPDATES.callback(1, "book:42"));
        send(UPDATES.callback(1, "cancel"));
        send(UPDATES.callback(1, "cancel:1"));
        assertThat(calls).containsExactly("book 42", "cancel", "fallback:cancel:1");
    }

    @Test
    void commandWinsOverNoStateTextRoute() throws Exception {
        start(r -> r.route(Route.on(UpdateKind.MESSAGE).noState().handle(record("idle")))
                .route(Route.command("start").handle(record("start"))));
        send(UPDATES.text(1, "/start"));
        send(UPDATES.text(1, "hi"));
        assertThat(calls).containsExactly("start", "idle");
    }

    @Test
    void noStateRouteRunsOnlyWithoutAState() throws Exception {
        start(r -> r.route(Route.on(UpdateKind.MESSAGE).noState().handle((u, m) -> {
            calls.add("idle");
            u.context().setState(Reg.NAME);
        })).route(Route.on(UpdateKind.MESSAGE).inState(Reg.NAME).handle(record("name"))));
        send(UPDATES.text(1, "hello"));
        send(UPDATES.text(1, "Ann"));
        assertThat(calls).containsExactly("idle", "name");
    }

    @Test
    void updateKindsAndPredicatesFilter() throws Exception {
        start(r -> r.route(Route.on(UpdateKind.EDITED_MESSAGE).handle(record("edited")))
                .route(Route.on(UpdateKind.INLINE_QUERY).text("q.*").handle(record("inline")))
                .route(Route.on(UpdateKind.ANY).filter(u -> u.update().getMessage() != null
                        && "magic".equals(u.update().getMessage().getText())).handle(record("magic"))));
        send(UPDATES.editedMessage(1, "x"));
        send(UPDATES.inlineQuery(1, "query"));
        send(UPDATES.text(1, "magic"));
        send(UPDATES.text(1, "plain"));
        assertThat(calls).containsExactly("edited", "inline", "magic", "fallback:plain");
    }

    @Test
    void stateIsNotLoadedWhenNoRouteFiltersByState() throws Exception {
        start(r -> r.route(Route.command("start").handle(record("start")))
                .route(Route.on(UpdateKind.MESSAGE).handle(record("text"))));
        send(UPDATES.text(1, "/start"));
        assertThat(calls).containsExactly("start");
        assertThat(storage.count("loadAll")).isZero();
    }

    @Test
    void updateIsBoundToTheThreadOnlyWhileTheHandlerRuns() throws Exception {
        start(r -> r.route(Route.on(UpdateKind.MESSAGE)
                .handle((u, m) -> calls.add(String.valueOf(CurrentUpdate.require() == u)))));
        send(UPDATES.text(1, "x"));
        assertThat(calls).containsExactly("true");
        assertThat(CurrentUpdate.find()).isEmpty();
        assertThatThrownBy(CurrentUpdate::require).hasMessageContaining("No update is being handled");
    }

    @Test
    void routesWithIdenticalFiltersAreRejected() {
        Router.Builder builder = Router.builder()
                .route(Route.command("start", "go").name("a").handle(record("a")))
                .route(Route.command("start").name("b").handle(record("b")));
        assertThatThrownBy(builder::build).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("Ambiguous routes: a [").hasMessageContaining("b [");
    }

    @Test
    void routesDifferingInStateAreNotAmbiguous() {
        Router router = Router.builder()
                .route(Route.command("start").handle(record("a")))
                .route(Route.command("start").inState(Reg.NAME).handle(record("b")))
                .build();
        assertThat(router.routes()).extracting(x -> x.state().isSpecific()).containsExactly(true, false);
    }

    @Test
    void invalidPatternAndMisplacedFiltersFailWithTheRouteName() {
        assertThatThrownBy(() -> Route.on(UpdateKind.MESSAGE).name("email").text("([a-z]+").handle(record("x")))
                .isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("Route email: invalid text pattern");
        assertThatThrownBy(() -> Route.callback().command("start").handle(record("x")))
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("commands filter only MESSAGE");
        assertThatThrownBy(() -> Route.on(UpdateKind.MESSAGE).dataPrefix("a").handle(record("x")))
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("callback data filters only");
    }

    @Test
    void botCommandParsesNameAddressAndArguments() {
        BotCommand command = BotCommand.parse("/pay@Shop  10 EUR ").orElseThrow();
        assertThat(command.name()).isEqualTo("pay");
        assertThat(command.botUsername()).isEqualTo("Shop");
        assertThat(command.argList()).containsExactly("10", "EUR");
        assertThat(BotCommand.parse("/")).isEmpty();
        assertThat(BotCommand.parse("hello /start")).isEmpty();
    }

    @Test
    void oneRuleTellsWhichBotACommandIsFor() {
        BotCommand other = BotCommand.parse("/cancel@OtherBot").orElseThrow();
        BotCommand mine = BotCommand.parse("/cancel@shopbot now").orElseThrow();
        BotCommand bare = BotCommand.parse("/cancel\nplease").orElseThrow();

        assertThat(other.is("cancel", "ShopBot")).isFalse();
        assertThat(mine.is("cancel", "ShopBot")).isTrue();
        assertThat(bare.is("cancel", "ShopBot")).isTrue();
        assertThat(bare.is("back", "ShopBot")).isFalse();
        assertThat(bare.is(null, "ShopBot")).as("a disabled command").isFalse();
        assertThat(other.is("cancel", null)).as("without a username every address counts").isTrue();
        assertThat(BotCommand.username(" @ShopBot ")).isEqualTo("ShopBot");
        assertThat(BotCommand.username("  ")).isNull();
    }

    @Test
    void fallbackAnswersOnlyMessagesAndCallbacksInChatsWithUsers() throws Exception {
        start(r -> {});
        for (Map<String, Object> fields : OddUpdates.all(1).values()) {
            send(UPDATES.update(fields));
        }
        send(UPDATES.editedMessage(1, "edit"));
        send(UPDATES.text(1, "hello"));
        send(UPDATES.text(-500, 1, "in a group"));
        send(UPDATES.callback(1, "stale"));
        assertThat(calls).containsExactly("fallback:hello", "fallback:in a group", "fallback:stale");
    }

    @Test
    void channelPostsReachRoutesThatAskForThem() throws Exception {
        start(r -> r.route(Route.on(UpdateKind.CHANNEL_POST).handle(record("post")))
                .route(Route.on(UpdateKind.EDITED_CHANNEL_POST).handle(record("edited post"))));
        send(UPDATES.update(Map.of("channel_post", OddUpdates.channelMessage(1, "news"))));
        send(UPDATES.update(Map.of("edited_channel_post", OddUpdates.channelMessage(1, "news!"))));
        assertThat(calls).containsExactly("post", "edited post");
    }

    @Test
    void unroutedUpdatesAreMarkedWhetherOrNotTheFallbackRuns() throws Exception {
        Router router = Router.builder().route(Route.command("start").handle(record("start"))).build();
        List<Boolean> marks = new CopyOnWriteArrayList<>();
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
        try (UpdateDispatcher own = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            router.handle(u);
            marks.add(Router.isUnrouted(u));
        }, DispatcherConfig.ofDefaults().withThreads(1).withPersistedUpdates(0), null)) {
            own.submit(UPDATES.text(1, "/start")).get(5, TimeUnit.SECONDS);
            own.submit(UPDATES.text(1, "hello")).get(5, TimeUnit.SECONDS);
            own.submit(UPDATES.update(OddUpdates.all(1).get("chat_boost"))).get(5, TimeUnit.SECONDS);
        }
        assertThat(marks).containsExactly(false, true, true);
        assertThat(calls).containsExactly("start");
    }
}
