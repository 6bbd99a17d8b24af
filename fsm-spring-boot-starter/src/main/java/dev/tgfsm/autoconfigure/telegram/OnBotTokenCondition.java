package dev.tgfsm.autoconfigure.telegram;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code tgfsm.bot.token} has a value that is not blank. A blank token (for example
 * {@code ${TGFSM_BOT_TOKEN:}} without the variable) means "no Telegram", as no token does; a plain
 * {@code @ConditionalOnProperty} would take the empty string for a token.
 */
class OnBotTokenCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String token = Binder.get(context.getEnvironment()).bind("tgfsm.bot.token", String.class).orElse(null);
        if (token == null || token.isBlank()) {
            return ConditionOutcome.noMatch("tgfsm.bot.token is " + (token == null ? "not set" : "blank"));
        }
        return ConditionOutcome.match("tgfsm.bot.token is set");
    }
}
