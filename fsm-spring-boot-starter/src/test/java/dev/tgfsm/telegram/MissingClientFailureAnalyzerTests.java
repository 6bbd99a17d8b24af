package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Without {@code tgfsm.bot.token}, an application bean that injects the {@link TelegramClient} (the
 * README's broadcast example) stops the start-up with tgfsm's explanation (set the token, define a
 * client, or inject an {@code ObjectProvider}), not Spring's generic "consider defining a bean".
 */
@ExtendWith(OutputCaptureExtension.class)
class MissingClientFailureAnalyzerTests {

    @Test
    void aBeanThatInjectsTheClientWithoutATokenGetsTgfsmsExplanation(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--tgfsm.storage.type=memory", "--tgfsm.bot.token="));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("MissingClientFailureAnalyzerTests$Newsletter' (constructor parameter 0)")
                .contains("needs a TelegramClient, and there is none: tgfsm creates it from tgfsm.bot.token")
                .contains("Set tgfsm.bot.token").contains("inject ObjectProvider<TelegramClient>")
                .doesNotContain("Consider defining a bean of type");
    }

    @Test
    void otherMissingBeansAreLeftToSpringBoot() throws Exception {
        var failure = new org.springframework.beans.factory.NoSuchBeanDefinitionException(String.class);
        assertThat(new MissingClientFailureAnalyzer().analyze(failure)).isNull();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Newsletter.class)
    static class Application {
    }

    @Service
    static class Newsletter {

        Newsletter(TelegramClient telegram) {
        }
    }
}
