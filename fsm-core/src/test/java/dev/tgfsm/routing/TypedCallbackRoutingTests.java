package dev.tgfsm.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.callback.CallbackCodec;
import dev.tgfsm.callback.CallbackPrefix;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.Updates;

class TypedCallbackRoutingTests {

    private static final Updates UPDATES = new Updates(java.time.Clock.systemUTC());

    enum Action { VIEW, DELETE }

    @CallbackPrefix("book")
    record BookAction(Action action, int id) {
    }

    @CallbackPrefix("page")
    record Page(int number) {
    }

    @CallbackPrefix("page")
    record OtherPage(String name) {
    }

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final List<Boolean> unrouted = new CopyOnWriteArrayList<>();

    private UpdateDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private void start(Consumer<Router.Builder> routes) {
        Router.Builder builder = Router.builder().fallback((u, m) -> calls.add("fallback:" + m.callbackData()));
        routes.accept(builder);
        Router router = builder.build();
        FsmContexts contexts = FsmTransactions.contexts(new InMemoryFsmStorage(StorageConfig.ofDefaults()),
                new JacksonFsmCodec(),
                ContextConfig.ofDefaults(), null);
        dispatcher = new UpdateDispatcher(7L, KeyStrategy.USER_IN_CHAT, contexts, update -> {
            router.handle(update);
            unrouted.add(Router.isUnrouted(update));
        }, DispatcherConfig.ofDefaults().withThreads(2).withPersistedUpdates(0), null);
    }

    private void send(Update update) throws Exception {
        dispatcher.submit(update).get(5, TimeUnit.SECONDS);
    }

    private void press(String data) throws Exception {
        send(UPDATES.callback(1, data));
    }

    private void typedRoutes(Router.Builder r) {
        r.route(Route.callback().data(BookAction.class).handle((u, m) -> calls.add("other " + m.callbackValue())))
                .route(Route.callback().data(BookAction.class, a -> a.action() == Action.DELETE)
                        .handle((u, m) -> calls.add("delete " + m.callbackValue(BookAction.class).id())))
                .route(Route.callback().data(Page.class)
                        .handle((u, m) -> calls.add("page " + ((Page) m.callbackValue()).number())));
    }

    @Test
    void theRecordReachesTheHandlerAndFieldValuesPickTheRouteEvenWhenTheCatchAllCameFirst() throws Exception {
        start(this::typedRoutes);
        press(CallbackCodec.packOf(new BookAction(Action.DELETE, 42)));
        press(CallbackCodec.packOf(new BookAction(Action.VIEW, 7)));
        press(CallbackCodec.packOf(new Page(3)));
        assertThat(calls).containsExactly("delete 42", "other BookAction[action=VIEW, id=7]", "page 3");
        assertThat(unrouted).containsOnly(false);
    }

    @Test
    void malformedDataWithAKnownPrefixRunsNoHandlerAndNotTheFallback() throws Exception {
        start(this::typedRoutes);
        for (String stale : List.of("book:DELETE", "book:DELETE:x", "book:ARCHIVE:1", "book:VIEW:1:extra", "book",
                "page:%zz", "page:")) {
            press(stale);
        }
        press("bookmark:1");
        press("book:DELETE:5");
        assertThat(calls).containsExactly("fallback:bookmark:1", "delete 5");
        assertThat(unrouted).containsExactly(false, false, false, false, false, false, false, true, false);
    }

    @Test
    void dataThatMatchesNoConditionFallsThrough() throws Exception {
        start(r -> r
                .route(Route.callback().data(BookAction.class, a -> a.id() > 100).handle((u, m) -> calls.add("big"))));
        press(CallbackCodec.packOf(new BookAction(Action.VIEW, 5)));
        press(CallbackCodec.packOf(new BookAction(Action.VIEW, 500)));
        assertThat(calls).containsExactly("fallback:book:VIEW:5", "big");
    }

    @Test
    void typedDataIsOnlyForCallbackRoutesAndNotBesidesOtherDataFilters() {
        assertThatThrownBy(() -> Route.on(UpdateKind.MESSAGE).data(Page.class).handle((u, m) -> {}))
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("callback data filters only");
        assertThatThrownBy(() -> Route.callback().dataPrefix("page:").data(Page.class).handle((u, m) -> {}))
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("typed callback data (Page)");
    }

    @Test
    void twoRoutesForTheSameTypeWithoutConditionsAreAmbiguousButWithConditionsAreNot() {
        assertThatThrownBy(() -> Router.builder().route(Route.callback().data(Page.class).handle((u, m) -> {}))
                .route(Route.callback().data(Page.class).handle((u, m) -> {})).build())
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("data is Page");
        Router.builder().route(Route.callback().data(Page.class, p -> p.number() == 1).handle((u, m) -> {}))
                .route(Route.callback().data(Page.class).handle((u, m) -> {})).build();
    }

    @Test
    void twoRecordTypesWithOnePrefixAreRefused() {
        assertThatThrownBy(() -> Router.builder().route(Route.callback().data(Page.class).handle((u, m) -> {}))
                .route(Route.callback().data(OtherPage.class).handle((u, m) -> {})).build())
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("share the prefix 'page'")
                .hasMessageContaining("OtherPage");
    }
}
