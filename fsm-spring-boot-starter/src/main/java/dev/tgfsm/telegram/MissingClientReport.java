package dev.tgfsm.telegram;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;

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
        List<String> off = new ArrayList<>();
        String idle = environment.getProperty("tgfsm.timeout.idle");
        if (idle != null && !idle.isBlank()) {
            off.add("idle timeouts (tgfsm.timeout.idle=" + idle.trim() + ")");
        }
        if (environment.getProperty("tgfsm.restart-notice.enabled", Boolean.class, false)) {
            off.add("restart notices");
        }
        if (environment.getProperty("tgfsm.garbage.enabled", Boolean.class, true)) {
            off.add("garbage clean-up");
        }
        if (environment.getProperty("tgfsm.rate-limit.enabled", Boolean.class, false)) {
            off.add("throttle notices");
        }
        return "No TelegramClient bean: tgfsm cannot send to Telegram. Replies from handlers fail their update"
                + (off.isEmpty() ? "" : ", and these are off: " + String.join(", ", off))
                + ". Set tgfsm.bot.token (with org.telegram:telegrambots-client on the class path) or define a "
                + "TelegramClient bean.";
    }
}
