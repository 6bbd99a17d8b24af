package dev.tgfsm.autoconfigure.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.starter.SpringLongPollingBot;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.TelegramIntakes;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.telegram.DispatchingUpdateConsumer;
import dev.tgfsm.telegram.LongPollingIntake;
import dev.tgfsm.telegram.LongPollingLifecycle;
import dev.tgfsm.telegram.OutageNotices;
import dev.tgfsm.telegram.TestUpdates;

/**
 * Tests for {@link FsmTelegramAutoConfiguration}.
 */
class FsmTelegramAutoConfigurationTests {

    private static final String TOKEN = "4242:test-token_abc";

    /** Points polling at a port nobody listens on: the intake backs off quietly until the context closes. */
    private static final String CLOSED_PORT = "tgfsm.bot.api-url=http://127.0.0.1:1";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmTelegramAutoConfiguration.class));

    @Test
    void withATokenSuppliesClientConsumerOutageNoticesAndTheOwnIntake() {
        this.runner.withPropertyValues("tgfsm.bot.token=" + TOKEN, CLOSED_PORT).run((context) -> {
            assertThat(context).hasSingleBean(OkHttpTelegramClient.class).hasSingleBean(DispatchingUpdateConsumer.class)
                    .hasSingleBean(LongPollingIntake.class).hasSingleBean(OutageNotices.class)
                    .doesNotHaveBean(SpringLongPollingBot.class);
            assertThat(context.getBean(LongPollingIntake.class).isRunning()).isTrue();
        });
    }

    @Test
    void pollingAndOutageNoticesCanBeSwitchedOff() {
        this.runner.withPropertyValues("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.polling.enabled=false",
                "tgfsm.outage.notice-enabled=false").run(
                        (context) -> assertThat(context)
                                .hasSingleBean(TelegramClient.class).doesNotHaveBean(LongPollingIntake.class)
                                .doesNotHaveBean(OutageNotices.class));
    }

    @Test
    void aPollingLimitOverTelegramsFailsWithAClearMessage() {
        this.runner.withPropertyValues("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.polling.limit=500").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(FsmConfigurationException.class)
                    .hasMessageContaining("tgfsm.bot.polling.limit must be 1 to 100, was 500");
        });
    }

    @Test
    void withoutATokenOnlyTheConsumerIsSupplied() {
        this.runner.run((context) -> assertThat(context).hasSingleBean(DispatchingUpdateConsumer.class)
                .doesNotHaveBean(TelegramClient.class).doesNotHaveBean(SpringLongPollingBot.class));
    }

    @Test
    void aBlankTokenMeansNoTokenAsTheReadmesPlaceholderGivesWithoutTheVariable() {
        this.runner.withPropertyValues("tgfsm.bot.token=${TGFSM_TEST_UNSET_TOKEN_VARIABLE:}").run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(DispatchingUpdateConsumer.class)
                    .doesNotHaveBean(TelegramClient.class).doesNotHaveBean(LongPollingIntake.class);
        });
        this.runner.withPropertyValues("tgfsm.bot.token=   ").run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(TelegramClient.class).doesNotHaveBean(LongPollingIntake.class));
    }

    @Test
    void withoutAClientTheStartUpSaysWhatIsOff() {
        this.runner.withPropertyValues("tgfsm.timeout.idle=15m", "tgfsm.restart-notice.enabled=true").run((context) -> {
            assertThat(context).hasSingleBean(MissingClientReport.class);
            assertThat(context.getBean(MissingClientReport.class).message())
                    .startsWith("No TelegramClient bean: tgfsm cannot send to Telegram. Replies from handlers fail")
                    .contains("idle timeouts (tgfsm.timeout.idle=15m)", "restart notices", "garbage clean-up")
                    .endsWith("Set tgfsm.bot.token (with org.telegram:telegrambots-client on the class path) or "
                            + "define a TelegramClient bean.");
        });
        this.runner.withPropertyValues("tgfsm.bot.token=" + TOKEN, CLOSED_PORT)
                .run((context) -> assertThat(context.getBean(MissingClientReport.class).message()).isNull());
        this.runner.withBean(TelegramClient.class, () -> mock(TelegramClient.class))
                .run((context) -> assertThat(context.getBean(MissingClientReport.class).message()).isNull());
    }

    @Test
    void apiUrlBecomesATelegramUrl() {
        this.runner.withPropertyValues("tgfsm.bot.api-url=http://localhost:8081/ignored").run((context) -> {
            TelegramUrl url = context.getBean(TelegramUrl.class);
            assertThat(url.getSchema()).isEqualTo("http");
            assertThat(url.getHost()).isEqualTo("localhost");
            assertThat(url.getPort()).isEqualTo(8081);
        });
        this.runner.withPropertyValues("tgfsm.bot.api-url=https://bots.example.org")
                .run((context) -> assertThat(context.getBean(TelegramUrl.class).getPort()).isEqualTo(443));
    }

    @Test
    void malformedApiUrlFailsWithAClearMessage() {
        this.runner.withPropertyValues("tgfsm.bot.api-url=localhost:8081").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(FsmConfigurationException.class)
                    .hasMessageContaining("tgfsm.bot.api-url 'localhost:8081' is not an http or https URL");
        });
    }

    @Test
    void applicationBeansWin() {
        TelegramClient client = mock(TelegramClient.class);
        SpringLongPollingBot bot = mock(SpringLongPollingBot.class);
        TelegramUrl url = new TelegramUrl("http", "example", 1, false);
        this.runner.withPropertyValues("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=http://localhost:1")
                .withBean(TelegramClient.class, () -> client).withBean(SpringLongPollingBot.class, () -> bot)
                .withBean(TelegramUrl.class, () -> url).run((context) -> {
                    assertThat(context.getBean(TelegramClient.class)).isSameAs(client);
                    assertThat(context.getBean(SpringLongPollingBot.class)).isSameAs(bot);
                    assertThat(context.getBean(TelegramUrl.class)).isSameAs(url);
                    assertThat(context).doesNotHaveBean(LongPollingIntake.class);
                });
    }

    @Test
    void consumerHandsBatchesToTheDispatcher() {
        this.runner.withPropertyValues("tgfsm.storage.type=memory").run((context) -> {
            LongPollingUpdateConsumer consumer = context.getBean(DispatchingUpdateConsumer.class);
            consumer.consume(List.of(TestUpdates.message(1, 3, "a"), TestUpdates.message(2, 3, "b")));
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            assertThat(dispatcher.submit(TestUpdates.message(3, 3, "c")))
                    .succeedsWithin(java.time.Duration.ofSeconds(10));
        });
    }

    @Test
    void longPollingIsStoppedByItsOwnLifecycleWhenTheApplicationExists() {
        this.runner.withBean(TelegramBotsLongPollingApplication.class, TelegramBotsLongPollingApplication::new)
                .run((context) -> assertThat(context).hasSingleBean(LongPollingLifecycle.class));
    }

    @Test
    void pollingStopsBeforeTheDispatcherWhichStopsBeforeTheStorage() {
        // SmartLifecycle beans stop in descending phase order
        assertThat(LongPollingLifecycle.PHASE).isGreaterThan(dev.tgfsm.autoconfigure.UpdateDispatcherLifecycle.PHASE);
        assertThat(dev.tgfsm.autoconfigure.UpdateDispatcherLifecycle.PHASE)
                .isGreaterThan(dev.tgfsm.autoconfigure.FsmStorageLifecycle.PHASE);
        assertThat(LongPollingLifecycle.PHASE)
                .isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 2048);
        assertThat(LongPollingIntake.PHASE).isGreaterThan(dev.tgfsm.autoconfigure.UpdateDispatcherLifecycle.PHASE);
    }

    @Test
    void withoutTheClientModuleNoClientIsSupplied() {
        this.runner.withPropertyValues("tgfsm.bot.token=" + TOKEN, CLOSED_PORT)
                .withClassLoader(new FilteredClassLoader(OkHttpTelegramClient.class))
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TelegramClient.class)
                        .doesNotHaveBean(OutageNotices.class).hasSingleBean(LongPollingIntake.class));
    }

    @Test
    void withoutLongPollingModulesTheDispatcherStillWorks() {
        this.runner.withPropertyValues("tgfsm.bot.token=" + TOKEN, CLOSED_PORT)
                .withClassLoader(new FilteredClassLoader("org.telegram.telegrambots.longpolling",
                        "org.telegram.telegrambots.client"))
                .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(UpdateDispatcher.class)
                        .doesNotHaveBean(DispatchingUpdateConsumer.class).hasSingleBean(LongPollingIntake.class)
                        .doesNotHaveBean(TelegramClient.class));
    }

    @Test
    void theBotApiClientLetsEveryWorkerSendAtOnce() {
        assertThat(TelegramIntakes.httpClient(8).dispatcher().getMaxRequestsPerHost())
                .isGreaterThanOrEqualTo(8);
        assertThat(TelegramIntakes.httpClient(100).dispatcher().getMaxRequestsPerHost())
                .isGreaterThanOrEqualTo(100);
        assertThat(TelegramIntakes.httpClient(1).dispatcher().getMaxRequestsPerHost())
                .as("never below OkHttp's own default").isEqualTo(5);
    }
}
