package dev.tgfsm.telegram;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Explains a start-up that failed because a bean of the application injects a {@link TelegramClient}
 * and there is none, which is what happens without {@code tgfsm.bot.token} (tests, the console, a
 * first start before the token is set): tgfsm creates the client from the token, so Spring's generic
 * "consider defining a bean" would send the reader the wrong way. Ordered before Spring Boot's own
 * analyzer of missing beans.
 */
class MissingClientFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException>
        implements
            Ordered {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        if (cause.getBeanType() == null || !TelegramClient.class.isAssignableFrom(cause.getBeanType())) {
            return null;
        }
        String who = "A bean";
        for (Throwable t = rootFailure; t != null; t = t.getCause()) {
            if (t instanceof UnsatisfiedDependencyException unsatisfied && unsatisfied.getBeanName() != null) {
                who = "Bean '" + unsatisfied.getBeanName() + "'";
                if (unsatisfied.getInjectionPoint() != null) {
                    who += " (" + unsatisfied.getInjectionPoint() + ")";
                }
                break;
            }
        }
        return new FailureAnalysis(who + " needs a TelegramClient, and there is none: tgfsm creates it from "
                + "tgfsm.bot.token (with org.telegram:telegrambots-client on the class path), and the token is not set.",
                "Set tgfsm.bot.token (for example through the TGFSM_BOT_TOKEN variable of the README's application.yml), "
                        + "or define a TelegramClient bean of your own (in a test, @FsmBotTest supplies a recording "
                        + "one). Where the bean must also start without Telegram, inject ObjectProvider<TelegramClient> "
                        + "and send only when getIfAvailable() returns one.",
                cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
