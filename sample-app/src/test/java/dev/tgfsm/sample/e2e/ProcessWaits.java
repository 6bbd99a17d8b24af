package dev.tgfsm.sample.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.LocalBotApiServer.Request;

/**
 * What the crash tests of a bot in its own process share: counting the messages the local Bot API
 * server received, and waiting for them with a deadline while checking that the process still runs
 * (a failure then shows the end of its log).
 */
final class ProcessWaits {

    /** The longest wait for one expected outcome. */
    static final Duration WAIT = Duration.ofSeconds(90);

    /**
     * How long the local Bot API server must have received nothing before a test counts what a killed
     * process sent ({@code LocalBotApiServer.awaitQuiet}).
     */
    static final Duration QUIET = Duration.ofMillis(500);

    private ProcessWaits() {
    }

    /**
     * Returns a fresh log file under target/crash-logs, for reading after a failure.
     *
     * @param name the file's name without extension
     * @return the path, deleted if it existed
     */
    static Path log(String name) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "crash-logs"));
        Path log = logs.resolve(name + ".log");
        Files.deleteIfExists(log);
        return log;
    }

    static boolean isText(Request request, String text) {
        return request.method().equals("sendmessage") && text.equals(request.param("text"));
    }

    /** How many messages with this text the user's chat got. */
    static int count(LocalBotApiServer api, long user, String text) {
        return (int) api.requests("sendMessage").stream()
                .filter(r -> String.valueOf(user).equals(r.param("chat_id")) && text.equals(r.param("text"))).count();
    }

    static int countSince(LocalBotApiServer api, int from, Predicate<Request> wanted) {
        List<Request> all = api.requests();
        return (int) all.subList(from, all.size()).stream().filter(wanted).count();
    }

    /** Waits until {@code count} requests after the first {@code from} match. */
    static void awaitSince(LocalBotApiServer api, int from, Predicate<Request> wanted, int count, BotProcess bot)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (countSince(api, from, wanted) < count) {
            check(bot, deadline, count + " expected request(s)");
            Thread.sleep(1);
        }
    }

    /** Waits until every user got at least one message with this text. */
    static void awaitEveryUser(LocalBotApiServer api, List<Long> users, String text, BotProcess bot)
            throws InterruptedException {
        awaitEveryUser(api, users, user -> text, 1, bot);
    }

    /** Waits until every user got at least {@code times} messages with their text. */
    static void awaitEveryUser(LocalBotApiServer api, List<Long> users, LongFunction<String> text,
            int times, BotProcess bot) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (long user : users) {
            while (count(api, user, text.apply(user)) < times) {
                check(bot, deadline, "'" + text.apply(user) + "' for user " + user);
                Thread.sleep(20);
            }
        }
    }

    /** Fails if the bot died or the deadline passed. */
    static void check(BotProcess bot, long deadline, String what) {
        if (!bot.isAlive()) {
            throw new AssertionError("The bot process died while waiting for " + what + ":\n" + bot.tail());
        }
        if (System.nanoTime() - deadline > 0) {
            throw new AssertionError("Timed out waiting for " + what + ". Bot log:\n" + bot.tail());
        }
    }
}
