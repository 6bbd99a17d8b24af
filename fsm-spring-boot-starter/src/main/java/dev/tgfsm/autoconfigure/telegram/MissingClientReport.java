package dev.tgfsm.autoconfigure.telegram;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.middleware.GarbageProperties;
import dev.tgfsm.autoconfigure.middleware.RateLimitProperties;
import dev.tgfsm.autoconfigure.timeout.RestartNoticeProperties;
import dev.tgfsm.autoconfigure.timeout.TimeoutProperties;

/**
 * Says at start-up, once, what does not work because the application has no {@link TelegramClient}:
 * without one tgfsm cannot send, so replies fail the update that makes them, and idle timeouts,
 * restart notices, garbage clean-up and throttle notices are switched off. Before, those were off
 * without a word and a reply failed only when a user first got one.
 */
final class MissingClientReport implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(MissingClientReport.class);

    private final ListableBeanFactory beans;

    private final Environment environment;

    MissingClientReport(ListableBeanFactory beans, Environment environment) {
        this.beans = beans;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        String message = message();
        if (message != null) {
            log.warn(message);
        }
    }

    /** The warning, or {@code null} when a client exists. */
    String message() {
        if (beans.getBeanNamesForType(TelegramClient.class, true, false).length > 0) {
            return null;
        }
        // bound here: the auto-configurations that register these properties back off without a client
        Binder binder = Binder.get(environment);
        List<String> off = new ArrayList<>();
        Duration idle = binder.bindOrCreate("tgfsm.timeout", TimeoutProperties.class).getIdle();
        if (idle != null) {
            off.add("idle timeouts (tgfsm.timeout.idle=" + simple(idle) + ")");
        }
        if (binder.bindOrCreate("tgfsm.restart-notice", RestartNoticeProperties.class).isEnabled()) {
            off.add("restart notices");
        }
        if (binder.bindOrCreate("tgfsm.garbage", GarbageProperties.class).isEnabled()) {
            off.add("garbage clean-up");
        }
        if (binder.bindOrCreate("tgfsm.rate-limit", RateLimitProperties.class).isEnabled()) {
            off.add("throttle notices");
        }
        return "No TelegramClient bean: tgfsm cannot send to Telegram. Replies from handlers fail their update"
                + (off.isEmpty() ? "" : ", and these are off: " + String.join(", ", off))
                + ". Set tgfsm.bot.token (with org.telegram:telegrambots-client on the class path) or define a "
                + "TelegramClient bean.";
    }

    /** A duration as one would write it in configuration: {@code 15m}, {@code 90s}, {@code 1500ms}. */
    private static String simple(Duration duration) {
        for (ChronoUnit unit : List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS)) {
            if (duration.toMillis() % unit.getDuration().toMillis() == 0) {
                return DurationStyle.SIMPLE.print(duration, unit);
            }
        }
        return DurationStyle.SIMPLE.print(duration, ChronoUnit.MILLIS);
    }
}
