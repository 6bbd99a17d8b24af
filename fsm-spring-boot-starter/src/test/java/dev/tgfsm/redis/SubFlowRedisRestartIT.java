package dev.tgfsm.redis;

import static dev.tgfsm.telegram.SubFlowApplication.say;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.flow.CallStack;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.telegram.SubFlowApplication;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * A sub-flow's call stack is stored in Redis with the record: the application is closed while the
 * user is inside the sub-flow, a new application context on the same Redis finds the stack and hands
 * the sub-flow's values to the calling flow.
 */
@RequiresServers(TestServer.REDIS)
class SubFlowRedisRestartIT {

    private static final long BOT = 888002;

    private static final String TOKEN = BOT + ":e2e-subflow-redis-token";

    private final String prefix = "subflow-it-" + System.nanoTime() + ":";

    private LocalBotApiServer api;

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void theCallStackSurvivesARestartOfTheApplication() {
        long finn = 703;
        StorageKey key = StorageKey.of(BOT, finn, finn);
        try (ConfigurableApplicationContext first = start()) {
            say(api, finn, "/checkout", "Item?");
            say(api, finn, "Lamp", "Street?");
            say(api, finn, "Main 1", "City?");
        }
        int pollsBefore = api.requests("getUpdates").size();
        try (ConfigurableApplicationContext second = start()) {
            FsmStorage storage = second.getBean(FsmStorage.class);
            try {
                FsmRecord stored = storage.load(key);
                assertThat(stored.state()).isEqualTo("address:city");
                assertThat(stored.meta().get(CallStack.META)).isEqualTo(List.of(Map.of("callee", "address",
                        "caller", "checkout:ship", "callerFlow", "checkout", "resume", "pay", "back", "item",
                        "field", "shipping")));
                api.awaitRequests("getUpdates", pollsBefore + 1, SubFlowApplication.WAIT);
                say(api, finn, "Springfield", "Pay for Lamp to Springfield?");
                say(api, finn, "/back", "Item?");
                assertThat(storage.load(key).meta()).doesNotContainKey(CallStack.META);
            }
            finally {
                storage.delete(key);
            }
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SubFlowApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=redis",
                        "spring.data.redis.url=" + TestServer.REDIS.url(), "tgfsm.redis.prefix=" + prefix,
                        "spring.data.redis.repositories.enabled=false",
                        "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
                .run();
    }
}
