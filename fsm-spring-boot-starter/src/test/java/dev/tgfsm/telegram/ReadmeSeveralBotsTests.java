package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.BotsProperties;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmBotsAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmFloodControlAutoConfiguration;
import dev.tgfsm.autoconfigure.telegram.FsmTelegramAutoConfiguration;
import dev.tgfsm.outbound.FloodControlledTelegramClient;
import dev.tgfsm.readme.ReadmeSnippets;

/**
 * The README's YAML for several bots, as written, configures two bots, every key of it one tgfsm reads;
 * its bound controller is {@link SupportDesk}, which {@code SeveralBotsRoutingIT} runs.
 */
class ReadmeSeveralBotsTests {

    @Test
    void theReadmesBoundControllerIsTheOneSeveralBotsRoutingItRuns() throws Exception {
        String source = Files
                .readString(Path.of("src", "test", "java", "dev", "tgfsm", "telegram", "SupportDesk.java"));
        assertThat(ReadmeSnippets.normalized(source))
                .contains(ReadmeSnippets.normalized(ReadmeSnippets.text("several-bots-controller")));
    }

    @Test
    void theReadmesSeveralBotsSnippetConfiguresTwoBots() {
        List<PropertySource<?>> sources = ReadmeSnippets.yamlSources("several-bots");

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmTelegramAutoConfiguration.class,
                        FsmBotsAutoConfiguration.class, FsmFloodControlAutoConfiguration.class))
                .withInitializer(context -> sources.forEach(context.getEnvironment().getPropertySources()::addFirst))
                .withPropertyValues("SHOP_BOT_TOKEN=1001:shop-secret", "SUPPORT_BOT_TOKEN=1002:support-secret",
                        "tgfsm.storage.type=memory", "tgfsm.bot.polling.enabled=false",
                        "tgfsm.unknown-properties=fail")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FsmBots.class).bots()).containsExactly(
                            new BotIdentity("default", 1001, "shop_bot"),
                            new BotIdentity("support", 1002, "support_bot"));
                    assertThat(context.getBean(BotsProperties.class).getBots().get(0).getWebhook().getPath())
                            .isEqualTo("/telegram/webhook/support");
                    assertThat(FloodControlledTelegramClient.isFloodControlled(context.getBean(TelegramClient.class)))
                            .isTrue();
                });
    }
}
