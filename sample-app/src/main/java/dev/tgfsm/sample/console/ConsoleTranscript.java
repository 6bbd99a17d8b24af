package dev.tgfsm.sample.console;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.tgfsm.testing.BotCall;

/**
 * Prints what the bot sends as it sends it, and remembers the buttons of the last inline keyboard
 * so that the user can press one by its number, also after a restart when it is given a file to keep
 * them in (the conversation itself survives in the database, so its last keyboard should too).
 */
public final class ConsoleTranscript {

    private volatile PrintStream out;

    private volatile List<String> lastButtons = List.of();

    private volatile int lastKeyboardMessageId;

    private final Path memory;

    /**
     * Creates a transcript that forgets the last keyboard when the process ends.
     *
     * @param out where replies are printed
     */
    public ConsoleTranscript(PrintStream out) {
        this(out, null);
    }

    /**
     * Creates a transcript that keeps the last inline keyboard in a file, and reads it back now.
     *
     * @param out where replies are printed
     * @param memory the file, or {@code null} to keep it in memory only
     */
    public ConsoleTranscript(PrintStream out, Path memory) {
        this.out = out;
        this.memory = memory;
        if (memory != null && Files.isRegularFile(memory)) {
            try {
                List<String> lines = Files.readAllLines(memory, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(0).matches("\\d{1,10}")) {
                    lastKeyboardMessageId = Integer.parseInt(lines.get(0));
                    lastButtons = List.copyOf(lines.subList(1, lines.size()));
                }
            }
            catch (IOException | NumberFormatException ex) {
                // a damaged file only costs the numbers of the last keyboard
            }
        }
    }

    /**
     * Prints from now on to another stream, such as the one a {@link ConsoleRunner} was given.
     *
     * @param out where replies are printed
     */
    public void printTo(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out must not be null");
    }

    /**
     * Prints one Bot API call.
     *
     * @param call the call
     */
    public void print(BotCall call) {
        if (call.is("sendMessage") || call.is("editMessageText")) {
            String prefix = call.is("editMessageText") ? "bot (edited)> " : "bot> ";
            out.println(prefix + call.text().replace("\n", "\n     "));
            printKeyboard(call);
        }
        else if (call.is("deleteMessages") || call.is("deleteMessage")) {
            Object ids = call.params().getOrDefault("message_ids", call.params().get("message_id"));
            out.println("      (cleaned up message(s) " + ids + ")");
        }
        else if (call.is("answerCallbackQuery")) {
            if (call.text() != null) {
                out.println("bot (notice)> " + call.text());
            }
        }
        else if (!call.is("sendChatAction")) {
            out.println("      (" + call.method() + ")");
        }
    }

    private void printKeyboard(BotCall call) {
        if (!(call.params().get("reply_markup") instanceof Map<?, ?> markup)) {
            return;
        }
        Object inline = markup.get("inline_keyboard");
        Object reply = markup.get("keyboard");
        List<String> data = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (Object row : inline instanceof List<?> rows ? rows : reply instanceof List<?> r ? r : List.of()) {
            line.setLength(0);
            for (Object button : (List<?>) row) {
                if (button instanceof Map<?, ?> b) {
                    Object value = b.containsKey("callback_data") ? b.get("callback_data") : b.get("text");
                    data.add(String.valueOf(value));
                    line.append("  [").append(data.size()).append("] ").append(b.get("text"));
                }
            }
            out.println("     " + line);
        }
        if (inline instanceof List<?>) {
            lastButtons = List.copyOf(data);
            Object result = call.result();
            lastKeyboardMessageId = result instanceof Map<?, ?> m && m.get("message_id") instanceof Number n
                    ? n.intValue() : 0;
            remember();
        }
    }

    private void remember() {
        if (memory == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.valueOf(lastKeyboardMessageId));
        lastButtons.forEach(data -> lines.add(data.replace('\n', ' ')));
        try {
            if (memory.getParent() != null) {
                Files.createDirectories(memory.getParent());
            }
            Files.write(memory, lines, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            // only the numbers survive a restart through this file; printing must never fail a send
            out.println("      (could not keep the keyboard in " + memory + ": " + ex.getMessage() + ")");
        }
    }

    /**
     * Returns the callback data of the last inline keyboard's buttons, in display order.
     *
     * @return the data, empty if the last keyboard was not inline
     */
    public List<String> lastButtons() {
        return lastButtons;
    }

    /**
     * Returns the id of the message that carried the last inline keyboard.
     *
     * @return the message id
     */
    public int lastKeyboardMessageId() {
        return lastKeyboardMessageId;
    }
}
