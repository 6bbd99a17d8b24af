package dev.tgfsm.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.stereotype.Component;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.autoconfigure.BotProperties;
import dev.tgfsm.autoconfigure.FsmProperties;
import dev.tgfsm.autoconfigure.album.AlbumProperties;
import dev.tgfsm.autoconfigure.timeout.RestartNoticeProperties;
import dev.tgfsm.autoconfigure.timeout.TimeoutProperties;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodFailureMode;
import dev.tgfsm.outbound.FloodLimit;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * An application built from exactly the README: its dependencies (this module's), its Java snippets
 * compiled as a reader pastes them, its YAML snippets as its only {@code application.yml}, and no token (the
 * README says the application starts without one). Unknown {@code tgfsm.*} keys fail the start-up, so
 * a misspelled key in a snippet fails here. Each handler snippet then answers updates sent through
 * the dispatcher, with a recording Bot API client in place of Telegram.
 */
class ReadmeApplicationTests {

    /** The README's Java snippets, by name, each in the file that wraps it as a reader would paste it. */
    static final Map<String, String> JAVA = Map.of(
            "registration-handler", "%s",
            "middleware", "@Configuration(proxyBeanMethods = false)\nclass Middleware {\n%s}\n",
            "album-handler", "@BotController\nclass AlbumHandler {\n%s}\n",
            "wizard", "@Configuration(proxyBeanMethods = false)\nclass Wizards {\n%s}\n",
            "outside-conversations", "%s",
            "scoped-data", "%s",
            "wizard-answers", "@Configuration(proxyBeanMethods = false)\nclass AnswerWizards {\n%s}\n",
            "sub-flows", "@Configuration(proxyBeanMethods = false)\nclass SubFlows {\n%s}\n",
            "app-broadcast", "%s",
            "bot-flow", "@Configuration(proxyBeanMethods = false)\nclass BotFlows {\n%s}\n");

    /** The README snippets that are {@code application.yml}, merged as one file. */
    static final List<String> YAML = List.of("application-yml", "flood-control", "album-properties",
            "idle-timeouts");

    private static final long BANNED = 666;

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private static ConfigurableApplicationContext context;

    private static RecordingTelegramClient telegram;

    @BeforeAll
    static void start(@TempDir Path build) throws Exception {
        context = run(build, UnaryOperator.identity());
        telegram = context.getBean(RecordingTelegramClient.class);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    /**
     * Compiles the Java snippets and starts them with the YAML snippets.
     *
     * @param yaml changes the merged YAML before it is loaded (a test breaks it on purpose)
     */
    private static ConfigurableApplicationContext run(Path build, UnaryOperator<String> yaml) throws Exception {
        URLClassLoader loader = SnippetCompiler.compile(build, JAVA);

        List<Class<?>> sources = new ArrayList<>(List.of(Harness.class, OrderCommand.class));
        try (Stream<Path> classes = Files.list(build.resolve("classes").resolve(SnippetCompiler.PACKAGE))) {
            for (Path file : classes.toList()) {
                String name = file.getFileName().toString();
                Class<?> type = loader.loadClass(SnippetCompiler.PACKAGE + "." + name.substring(0, name.length() - 6));
                if (!name.contains("$") && MergedAnnotations.from(type).isPresent(Component.class)) {
                    sources.add(type);
                }
            }
        }
        // the YAML snippets as the application's only application.yml (no other config file is read)
        Path yml = Files.writeString(build.resolve("application.yml"),
                yaml.apply(String.join("---\n", YAML.stream().map(ReadmeSnippets::text).toList())));
        StandardEnvironment environment = new StandardEnvironment();
        // no TGFSM_BOT_TOKEN, whatever the machine's environment has
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("readme-check", Map.of(
                "spring.config.location", yml.toUri().toString(), "tgfsm.unknown-properties", "fail")));
        SpringApplication application = new SpringApplication(sources.toArray(Class<?>[]::new));
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setResourceLoader(new DefaultResourceLoader(loader));
        application.setEnvironment(environment);
        return application.run();
    }

    @Test
    void theYamlSnippetsBindAsTheReadmeSays() {
        FsmProperties properties = context.getBean(FsmProperties.class);
        assertThat(properties.getTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(context.getBean(BotProperties.class).getToken()).as("no token").isEmpty();
        // "These are the defaults"
        FloodControlConfig flood = context.getBean(OutboundLimiter.class).config();
        assertThat(flood.global()).isEqualTo(FloodControlConfig.DEFAULT_GLOBAL).isEqualTo(new FloodLimit(30,
                Duration.ofSeconds(1), 3));
        assertThat(flood.chat()).isEqualTo(new FloodLimit(1, Duration.ofSeconds(1), 3));
        assertThat(flood.group()).isEqualTo(new FloodLimit(20, Duration.ofMinutes(1), 3));
        assertThat(flood.maxWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(flood.failureMode()).isEqualTo(FloodFailureMode.LOCAL);
        var album = context.getBean(AlbumProperties.class).toConfig();
        assertThat(album.quietTime()).isEqualTo(Duration.ofMillis(500));
        assertThat(album.takeOverAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(album.maxParts()).isEqualTo(10);
        TimeoutProperties timeout = context.getBean(TimeoutProperties.class);
        assertThat(timeout.getIdle()).isEqualTo(Duration.ofMinutes(30));
        assertThat(timeout.getWarningBefore()).isEqualTo(Duration.ofMinutes(5));
        assertThat(timeout.getStates()).containsExactly(Map.entry("booking:", Duration.ofMinutes(10)));
        RestartNoticeProperties restart = context.getBean(RestartNoticeProperties.class);
        assertThat(restart.isEnabled()).isTrue();
        assertThat(restart.getWindow()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theBroadcastSnippetSendsToEveryChatThroughTheInjectedClient() throws Exception {
        Object newsletter = context.getBean("newsletter");
        Method broadcast = newsletter.getClass().getDeclaredMethod("broadcast", List.class, String.class);
        broadcast.setAccessible(true);
        synchronized (ReadmeApplicationTests.class) {
            int before = telegram.calls("sendMessage").size();
            broadcast.invoke(newsletter, List.of(7001L, 7002L, 7003L), "Today's news");
            assertThat(telegram.calls("sendMessage").subList(before, before + 3))
                    .extracting(call -> call.text()).containsOnly("Today's news");
        }
    }

    @Test
    void aMisspelledKeyInASnippetFailsTheStartUp(@TempDir Path build) {
        assertThatThrownBy(() -> run(build, yaml -> yaml.replace("max-wait:", "max-wai:")))
                .isInstanceOf(FsmConfigurationException.class).hasMessageContaining("tgfsm.bot.flood.max-wai");
    }

    @Test
    void theRegistrationHandlerAsksForNameThenEmail() throws Exception {
        long user = 1001;
        assertThat(send(user, "/register")).containsExactly("What is your name?");
        assertThat(send(user, "Alice")).containsExactly("Your email?");
        FsmContext stored = context.getBean(FsmContexts.class).writeThrough(StorageKey.of(0, user, user));
        assertThat(stored.getState()).isEqualTo("Registration:EMAIL");
        assertThat(stored.getData()).containsEntry("name", "Alice");
    }

    @Test
    void chatRulesAreSharedInTheChatAndCountsByUserAndBot() throws Exception {
        long group = -1005;
        assertThat(send(UPDATES.text(group, 1005, "/setrules Be kind"))).containsExactly("Rules saved.");
        assertThat(send(UPDATES.text(group, 1006, "/rules"))).containsExactly("Be kind (you: 1, all: 1)");
        assertThat(send(1006, "/rules")).containsExactly("No rules yet. (you: 2, all: 2)");
        assertThat(send(1005, "/rules")).containsExactly("No rules yet. (you: 1, all: 3)");
    }

    @Test
    void theMiddlewareDropsUpdatesOfBannedUsers() throws Exception {
        assertThat(send(BANNED, "/register")).isEmpty();
        assertThat(send(1002, "/register")).containsExactly("What is your name?");
    }

    @Test
    void theWizardAsksItsStepsAndCompletes() throws Exception {
        long user = 1003;
        assertThat(send(user, "/order")).containsExactly("What product?");
        assertThat(send(user, "Widget")).containsExactly("How many Widget?");
        assertThat(send(user, "500")).hasSize(1);
        assertThat(send(user, "5")).containsExactly("Delivery address?");
        assertThat(send(user, "1 Long Street, Springfield")).containsExactly("Ordered 5 Widget");
    }

    @Test
    void theAnswerWizardTakesAPhotoAContactAndALocation() throws Exception {
        long user = 1005;
        assertThat(send(user, "/report")).containsExactly("Send a photo of the problem.");
        assertThat(send(user, "here")).containsExactly("Please send a photo.\n\nAttempt 1/3. Try again:");
        assertThat(send(message(user, "photo", List.of(Map.of("file_id", "ph-1", "file_unique_id", "u1",
                "width", 800, "height", 600))))).containsExactly("How can we call you?");
        assertThat(send(message(user, "contact", Map.of("phone_number", "+4930123", "first_name", "Ann"))))
                .containsExactly("Where is it?");
        assertThat(send(message(user, "location", Map.of("latitude", 52.5, "longitude", 13.4))))
                .containsExactly("Got photo ph-1; we will call +4930123");
    }

    /** A private-chat message with one content field, as Telegram sends it. */
    private static Update message(long user, String field, Object content) {
        return UPDATES.update(Map.of("message", Map.of("message_id", 1, "date", 1_700_000_000,
                "chat", Map.of("id", user, "type", "private"),
                "from", Map.of("id", user, "is_bot", false, "first_name", "Ann"), field, content)));
    }

    @Test
    void theBotFlowCommandStartsItsWizard() throws Exception {
        long user = 1011;
        assertThat(send(user, "/feedback")).containsExactly("How do you rate us, 1 to 5?");
        assertThat(send(user, "5")).containsExactly("Thanks for the 5!");
    }

    @Test
    void theCheckoutFlowCallsTheAddressFlowAndGetsItsValues() throws Exception {
        long user = 1006;
        assertThat(send(user, "/checkout")).containsExactly("What do you buy?");
        assertThat(send(user, "Lamp")).containsExactly("Street?");
        assertThat(send(user, "/back")).containsExactly("What do you buy?");
        assertThat(send(user, "Lamp")).containsExactly("Street?");
        assertThat(send(user, "Main 1")).containsExactly("City?");
        assertThat(send(user, "/cancel")).containsExactly("Cancelled.", "What do you buy?");
        assertThat(send(user, "Lamp")).containsExactly("Street?");
        assertThat(send(user, "Main 1")).containsExactly("City?");
        assertThat(send(user, "Springfield")).containsExactly("Lamp ships to Springfield");
    }

    @Test
    void theAlbumHandlerAnswersOnceForAllParts() throws Exception {
        long user = 1004;
        int before = telegram.texts().size();
        UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
        dispatcher.submit(UPDATES.albumPhoto(user, "album-1", "photo-1", "Holidays")).get(10, TimeUnit.SECONDS);
        dispatcher.submit(UPDATES.albumPhoto(user, "album-1", "photo-2", "Holidays")).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (telegram.texts().size() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(telegram.texts().subList(before, telegram.texts().size()))
                .containsExactly("Got your album of 2 photos (Holidays)");
    }

    @Test
    void aPaymentEventStartsTheWizardFromOutsideAnUpdateAndTheUserAnswers() throws Exception {
        long user = 1007;
        Object events = context.getBean("paymentEvents");
        Method paid = events.getClass().getDeclaredMethod("paid", long.class);
        paid.setAccessible(true);
        synchronized (ReadmeApplicationTests.class) {
            int before = telegram.texts().size();
            ((CompletableFuture<?>) paid.invoke(events, user)).get(10, TimeUnit.SECONDS);
            assertThat(telegram.texts().subList(before, telegram.texts().size())).containsExactly("What product?");
        }
        assertThat(send(user, "Widget")).containsExactly("How many Widget?");
    }

    /** Sends a text from a user in a private chat and returns the texts sent in answer. */
    private static List<String> send(long user, String text) throws Exception {
        return send(UPDATES.text(user, text));
    }

    /** Sends an update and returns the texts sent in answer. */
    private static List<String> send(Update update) throws Exception {
        synchronized (ReadmeApplicationTests.class) {
            int before = telegram.texts().size();
            context.getBean(UpdateDispatcher.class).submit(update).get(10, TimeUnit.SECONDS);
            return telegram.texts().subList(before, telegram.texts().size());
        }
    }

    /** What the test adds: a recording Bot API client, the middleware snippet's ban list, a command to start the wizard. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Harness {

        @Bean
        RecordingTelegramClient recordingTelegramClient() {
            return new RecordingTelegramClient(0, Clock.systemUTC());
        }

        @Bean
        TelegramClient telegramClient(RecordingTelegramClient recording) {
            return recording.client();
        }

        @Bean
        Set<Long> banned() {
            return Set.of(BANNED);
        }
    }

    /** "Start one from a handler with {@code flowEngine.start(update, "order")}". */
    @BotController
    static class OrderCommand {

        private final FlowEngine flows;

        OrderCommand(FlowEngine flows) {
            this.flows = flows;
        }

        @OnCommand("order")
        void order(UpdateContext update) {
            flows.start(update, "order");
        }

        @OnCommand("report")
        void report(UpdateContext update) {
            flows.start(update, "report");
        }

        @OnCommand("checkout")
        void checkout(UpdateContext update) {
            flows.start(update, "checkout");
        }
    }
}
