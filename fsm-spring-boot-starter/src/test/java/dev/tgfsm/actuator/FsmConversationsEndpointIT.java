package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.redis.RedisCluster;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The {@code fsmconversations} endpoint over real HTTP (Tomcat on a random port) behind Spring
 * Security, on the in-memory store, a real Redis, a private Redis Cluster of three masters and
 * PostgreSQL (tables of its own): who may look, what a look shows, that ids are exact numbers, and
 * that a reset happens only when writes are enabled, under the conversation's lock.
 */
class FsmConversationsEndpointIT {

    private static final String TOKEN = "515000:admin-token";

    private static final long BOT = 515000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    private final List<AutoCloseable> opened = new ArrayList<>();

    private ConfigurableApplicationContext app;

    private static RedisCluster cluster;

    private String tablePrefix;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.getBean(FsmStorage.class).clearNamespace();
            if (tablePrefix != null) {
                new JdbcSchemaInitializer(app.getBean(DataSource.class), tablePrefix, null).drop();
            }
        }
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    private void start(String store, boolean writes) throws Exception {
        LocalBotApiServer api = LocalBotApiServer.start();
        opened.add(api);
        List<String> properties = new ArrayList<>(List.of("server.port=0", "tgfsm.bot.token=" + TOKEN,
                "tgfsm.bot.api-url=" + api.url(), "management.endpoints.web.exposure.include=fsmconversations",
                "tgfsm.admin.writes-enabled=" + writes, "tgfsm.admin.max-value-chars=64"));
        if (!store.equals("postgres")) {
            properties.add(
                    "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
        }
        switch (store) {
            case "redis" -> properties.addAll(List.of("tgfsm.storage.type=redis",
                    "spring.data.redis.url=" + TestServer.REDIS.url(), "spring.data.redis.repositories.enabled=false",
                    "tgfsm.redis.prefix=tgfsm-admin-it-" + UUID.randomUUID() + ":"));
            case "cluster" -> {
                if (cluster == null) {
                    cluster = RedisCluster.start(3);
                }
                properties.addAll(List.of("tgfsm.storage.type=redis",
                        "spring.data.redis.cluster.nodes=" + String.join(",", cluster.addresses()),
                        "spring.data.redis.repositories.enabled=false",
                        "tgfsm.redis.prefix=tgfsm-admin-it-" + UUID.randomUUID() + ":"));
            }
            case "postgres" -> {
                tablePrefix = "admin_" + UUID.randomUUID().toString().substring(0, 8) + "_";
                properties
                        .addAll(List.of("tgfsm.storage.type=jdbc", "spring.datasource.url=" + TestServer.POSTGRES.url(),
                                "tgfsm.jdbc.initialize-schema=always", "tgfsm.jdbc.table-prefix=" + tablePrefix));
            }
            default -> properties.add("tgfsm.storage.type=memory");
        }
        app = new SpringApplicationBuilder(AdminApplication.class).web(WebApplicationType.SERVLET)
                .properties(properties.toArray(String[]::new)).run();
        opened.add(app);
        // the move of old preferences into the user scope runs in the background at start; the
        // records seeded below stand for data written after it (it would otherwise move them away)
        FsmContexts contexts = app.getBean(FsmContexts.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!contexts.arePreferencesMoved() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(contexts.arePreferencesMoved()).as("the preferences move finished").isTrue();
    }

    private HttpResponse<String> call(String method, String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + app.getEnvironment().getProperty("local.server.port") + "/actuator/fsmconversations/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            String basic = Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<?, ?> body(HttpResponse<String> response) throws Exception {
        return JSON.readValue(response.body(), Map.class);
    }

    private FsmStorage seed() {
        FsmStorage storage = app.getBean(FsmStorage.class);
        StorageKey key = StorageKey.of(BOT, -100, 7);
        storage.setState(key, "order:address");
        storage.updateData(key, Map.of("item", "lamp", "notes", "x".repeat(500)));
        // with the engine's bookkeeping of a scope operation not yet cleared (applied already)
        storage.change(key, r -> r.withMeta(Map.of(OutboxRelay.META, List.of(Map.of("id", "e1", "run", "r",
                "at", 1, "calls", List.of(Map.of("type", "SendMessage", "body", Map.of("chat_id", "-100"))))),
                "tgfsm.scopeOps", List.of(Map.of("id", "op-hidden", "USER", List.of(List.of("a", "visits", 1)))),
                "tgfsm.commit", "token-hidden")), null);
        storage.setState(key.withDestiny(HistoryManager.DEFAULT_DESTINY), "history");
        storage.updateData(key.withDestiny(Preferences.DESTINY), Map.of("lang", "de"));
        storage.setState(StorageKey.of(BOT, -100, 8), "someone else");
        storage.updateData(DataScope.userKey(BOT, 7), Map.of("timezone", "Europe/Berlin", "bio", "y".repeat(500)));
        storage.change(DataScope.userKey(BOT, 7), r -> r.withMeta(Map.of("tgfsm.applied", List.of("op-hidden"))), null);
        storage.updateData(DataScope.chatKey(BOT, -100), Map.of("rules", "be nice"));
        storage.updateData(DataScope.userKey(BOT, 8), Map.of("timezone", "someone else's zone"));
        storage.updateData(DataScope.botKey(BOT), Map.of("motd", "bot-wide"));
        return storage;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis", "postgres", "cluster"})
    void onlyAnAdminSeesAConversationAndOnlyThatOne(String store) throws Exception {
        start(store, false);
        seed();

        assertThat(call("GET", "-100/7", null).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(call("GET", "-100/7", "viewer").statusCode()).as("without the role").isEqualTo(403);
        HttpResponse<String> ok = call("GET", "-100/7", "admin");
        assertThat(ok.statusCode()).isEqualTo(200);
        Map<?, ?> shown = body(ok);
        assertThat(shown.get("bot")).isEqualTo((int) BOT);
        assertThat(shown.get("lock")).isEqualTo(Map.of("held", false));
        Map<?, ?> slots = (Map<?, ?>) shown.get("slots");
        assertThat(slots.keySet().stream().map(String::valueOf).toList()).containsExactlyInAnyOrder("default",
                HistoryManager.DEFAULT_DESTINY, Preferences.DESTINY);
        Map<?, ?> main = (Map<?, ?>) slots.get("default");
        assertThat(main.get("state")).isEqualTo("order:address");
        Map<?, ?> data = (Map<?, ?>) main.get("data");
        assertThat(data.get("item")).isEqualTo("lamp");
        assertThat((String) data.get("notes")).as("a large value is cut").startsWith("\"xxx")
                .endsWith("(cut, 502 chars)")
                .hasSizeLessThan(100);
        assertThat((List<?>) shown.get("outbox")).hasSize(1);
        assertThat(ok.body()).as("never another user's conversation").doesNotContain("someone else");
        Map<?, ?> scopes = (Map<?, ?>) shown.get("scopes");
        Map<?, ?> userScope = (Map<?, ?>) ((Map<?, ?>) scopes.get("user")).get("data");
        assertThat(userScope.get("timezone")).isEqualTo("Europe/Berlin");
        assertThat((String) userScope.get("bio")).as("cut like other values").endsWith("(cut, 502 chars)");
        assertThat(((Map<?, ?>) ((Map<?, ?>) scopes.get("chat")).get("data")).get("rules")).isEqualTo("be nice");
        assertThat(ok.body()).as("not the bot scope").doesNotContain("bot-wide");
        assertThat(ok.body()).as("no bookkeeping").doesNotContain("op-hidden").doesNotContain("token-hidden")
                .doesNotContain("tgfsm.scopeOps").doesNotContain("tgfsm.applied").doesNotContain("tgfsm.commit");

        Map<?, ?> missing = body(call("GET", "-100/9", "admin"));
        assertThat(missing.get("found")).isEqualTo(false);
        assertThat((Map<?, ?>) missing.get("slots")).isEmpty();
        assertThat(((Map<?, ?>) missing.get("scopes")).get("user")).as("user 9 has no scope").isNull();
        assertThat(((Map<?, ?>) ((Map<?, ?>) missing.get("scopes")).get("chat")).get("data")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis", "postgres", "cluster"})
    void idsMustBeExactNumbers(String store) throws Exception {
        start(store, true);
        seed();
        for (String path : List.of("*/7", "-100/7*", "abc/7", "-100/7?bot=x", "-100/7?thread=1.5")) {
            HttpResponse<String> refused = call("GET", path, "admin");
            assertThat(refused.statusCode()).as(path).isEqualTo(400);
            assertThat(call("DELETE", path, "admin").statusCode()).as(path).isEqualTo(400);
        }
        assertThat(call("GET", "-100/7?bot=123", "admin").statusCode()).as("an unknown bot").isEqualTo(400);
        assertThat(app.getBean(FsmStorage.class).getState(StorageKey.of(BOT, -100, 7))).isEqualTo("order:address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis", "postgres", "cluster"})
    void resetIsRefusedWhileWritesAreDisabled(String store) throws Exception {
        start(store, false);
        FsmStorage storage = seed();

        assertThat(call("DELETE", "-100/7", "viewer").statusCode()).isEqualTo(403);
        HttpResponse<String> refused = call("DELETE", "-100/7", "admin");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("tgfsm.admin.writes-enabled");
        assertThat(storage.getState(StorageKey.of(BOT, -100, 7))).isEqualTo("order:address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis", "postgres", "cluster"})
    void resetClearsTheConversationButItsPreferencesUnderItsLock(String store) throws Exception {
        start(store, true);
        FsmStorage storage = seed();
        StorageKey key = StorageKey.of(BOT, -100, 7);
        Lease held = Lease.random(Duration.ofMinutes(1));
        assertThat(storage.lockAndLoad(key, held, List.of()).acquired()).isTrue();
        Map<?, ?> lock = (Map<?, ?>) body(call("GET", "-100/7", "admin")).get("lock");
        assertThat(lock.get("held")).isEqualTo(true);
        assertThat(((Number) lock.get("leaseRemainingMillis")).longValue()).isPositive();
        assertThat(storage.unlock(key, held)).as("looking did not disturb the holder").isTrue();

        HttpResponse<String> reset = call("DELETE", "-100/7", "admin");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(storage.load(key).state()).isNull();
        assertThat(storage.load(key).data()).isEmpty();
        assertThat(storage.load(key.withDestiny(HistoryManager.DEFAULT_DESTINY)).exists()).isFalse();
        assertThat(storage.load(key.withDestiny(Preferences.DESTINY)).data()).isEqualTo(Map.of("lang", "de"));
        assertThat(storage.getState(StorageKey.of(BOT, -100, 8))).isEqualTo("someone else");
        assertThat(storage.load(DataScope.userKey(BOT, 7)).data()).as("the reset is counted for the chat's menus")
                .containsKey("tgfsm.resets:-100");
        Map<?, ?> userScope = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) body(call("GET", "-100/7", "admin")).get("scopes"))
                .get("user")).get("data");
        assertThat(userScope.keySet().stream().map(String::valueOf).toList())
                .as("the count is bookkeeping, not the user's data")
                .containsExactlyInAnyOrder("timezone", "bio");
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableWebSecurity
    static class AdminApplication {

        @Bean
        UpdateHandler quiet() {
            return u -> {
            };
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("admin").password("{noop}secret").roles("ADMIN").build(),
                    User.withUsername("viewer").password("{noop}secret").roles("VIEWER").build());
        }

        @Bean
        SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.requestMatchers("/actuator/**").hasRole("ADMIN")
                    .anyRequest().permitAll()).httpBasic(Customizer.withDefaults()).csrf(c -> c.disable()).build();
        }
    }
}
