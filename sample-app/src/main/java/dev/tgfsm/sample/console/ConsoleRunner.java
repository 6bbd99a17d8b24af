package dev.tgfsm.sample.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.testing.Updates;

/**
 * Plays one user's side of a conversation from a terminal: each line typed becomes a message to the
 * bot, a number presses the inline button shown with that number, and the bot's replies are printed
 * as they are sent. The prompt shows the conversation's current state.
 *
 * <p>Update ids grow with the wall clock (milliseconds), as Telegram's grow, so that a later
 * run on the same store is never taken for a duplicate delivery of an earlier one.
 */
public final class ConsoleRunner {

    private final UpdateDispatcher dispatcher;

    private final FsmContexts contexts;

    private final KeyStrategy strategy;

    private final ConsoleTranscript transcript;

    private final Updates updates;

    private final long userId;

    private final AtomicInteger updateIds;

    /**
     * Creates the runner.
     *
     * @param dispatcher handles the updates
     * @param contexts reads the state for the prompt
     * @param strategy derives the conversation key like the dispatcher does
     * @param transcript prints replies and remembers the last keyboard
     * @param updates builds the updates
     * @param userId the console user's id (also the private chat's id)
     * @param clock where update ids start
     */
    public ConsoleRunner(UpdateDispatcher dispatcher, FsmContexts contexts, KeyStrategy strategy,
            ConsoleTranscript transcript, Updates updates, long userId, Clock clock) {
        this.dispatcher = dispatcher;
        this.contexts = contexts;
        this.strategy = strategy;
        this.transcript = transcript;
        this.updates = updates;
        this.userId = userId;
        this.updateIds = new AtomicInteger((int) (clock.millis() % 1_000_000_000L));
    }

    /**
     * Reads lines until the input ends or the user types {@code /quit}. The bot's replies are
     * printed to {@code out} too.
     *
     * @param in the input
     * @param out where the prompt and the replies go
     * @throws IOException if reading fails
     */
    public void run(InputStream in, PrintStream out) throws IOException {
        transcript.printTo(out);
        out.println("tgfsm sample bot, console mode. Type /start or /help; a number presses a button; /quit leaves.");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        while (true) {
            out.print(prompt());
            out.flush();
            String line = reader.readLine();
            if (line == null || line.strip().equals("/quit")) {
                out.println();
                out.println("bye");
                return;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            send(toUpdate(line), out);
        }
    }

    private Update toUpdate(String line) {
        Update update = pressOrText(line);
        update.setUpdateId(updateIds.incrementAndGet());
        return update;
    }

    private Update pressOrText(String line) {
        List<String> buttons = transcript.lastButtons();
        if (line.matches("\\d{1,2}") && !buttons.isEmpty()) {
            int index = Integer.parseInt(line) - 1;
            if (index >= 0 && index < buttons.size()) {
                return updates.callback(userId, userId, transcript.lastKeyboardMessageId(), buttons.get(index));
            }
        }
        return updates.text(userId, line);
    }

    private void send(Update update, PrintStream out) {
        try {
            dispatcher.submit(update).get(30, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            out.println("(the bot failed: " + ex.getCause() + ")");
        }
        catch (TimeoutException ex) {
            out.println("(the bot did not answer within 30 s)");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private String prompt() {
        String state;
        try {
            state = contexts.writeThrough(strategy.keyOf(dispatcher.botId(),
                    new UpdateIdentity(userId, userId, null, null))).getState();
        }
        catch (RuntimeException ex) {
            state = "? (" + ex.getMessage() + ")";
        }
        return "[" + (state == null ? "no state" : state) + "] you> ";
    }
}
