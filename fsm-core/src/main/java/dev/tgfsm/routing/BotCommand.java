package dev.tgfsm.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * A command as a user typed it: {@code /start@MyBot ref42 promo} is the command {@code start},
 * addressed to {@code MyBot}, with the arguments {@code "ref42 promo"}. The one rule by which the
 * router, the flows, the escape commands and the scenes' back command recognise commands: a command
 * addressed to another bot ({@link #isFor}) is none of this bot's.
 *
 * @param name the command without the slash and the bot name, as typed
 * @param botUsername the bot it was addressed to after {@code @}, or {@code null}
 * @param args everything after the command, trimmed; empty when there is nothing
 */
public record BotCommand(String name, @Nullable String botUsername, String args) {

    /**
     * Validates the command.
     *
     * @param name the command without the slash and the bot name, not {@code null}
     * @param botUsername the bot after {@code @}, or {@code null} when the command names none
     * @param args the arguments after the command; {@code null} is taken as empty
     */
    public BotCommand {
        Objects.requireNonNull(name, "name must not be null");
        args = args == null ? "" : args;
    }

    /**
     * Parses the text of a message.
     *
     * @param text the text, may be {@code null}
     * @return the command, or empty if the text does not start with {@code /name}
     */
    public static Optional<BotCommand> parse(@Nullable String text) {
        if (text == null || text.length() < 2 || text.charAt(0) != '/') {
            return Optional.empty();
        }
        int end = 1;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        String token = text.substring(1, end);
        String bot = null;
        int at = token.indexOf('@');
        if (at >= 0) {
            bot = token.substring(at + 1);
            token = token.substring(0, at);
        }
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return Optional
                .of(new BotCommand(token, bot == null || bot.isEmpty() ? null : bot, text.substring(end).trim()));
    }

    /**
     * Normalises a bot's username as configured: without a leading {@code @}, {@code null} when blank.
     *
     * @param username the username, with or without {@code @}, or {@code null}
     * @return the username without {@code @}, or {@code null}
     */
    public static @Nullable String username(@Nullable String username) {
        if (username == null || username.isBlank()) {
            return null;
        }
        String trimmed = username.trim();
        return trimmed.startsWith("@") ? trimmed.substring(1) : trimmed;
    }

    /**
     * Parses the text of an update's new message.
     *
     * @param update the update
     * @return the command, or empty if the update is not a new text message starting with {@code /name}
     */
    public static Optional<BotCommand> of(Update update) {
        Message message = update.getMessage();
        return message != null && message.hasText() ? parse(message.getText()) : Optional.empty();
    }

    /**
     * Tells whether this is the given command addressed to the given bot.
     *
     * @param command the command's name without slash, or {@code null} (then {@code false})
     * @param username the bot's username, or {@code null} when unknown
     * @return {@code true} if it is that command and for that bot
     */
    public boolean is(@Nullable String command, @Nullable String username) {
        return command != null && name.equals(command) && isFor(username);
    }

    /**
     * Returns the arguments split at whitespace.
     *
     * @return the arguments, empty when there are none
     */
    public List<String> argList() {
        return args.isEmpty() ? List.of() : Arrays.asList(args.split("\\s+"));
    }

    /**
     * Tells whether the command was addressed to a bot: not addressed at all, or to this username.
     *
     * @param username the bot's username, or {@code null} when unknown (then every address is accepted)
     * @return {@code true} if the command is for that bot
     */
    public boolean isFor(@Nullable String username) {
        return botUsername == null || username == null || botUsername.equalsIgnoreCase(username);
    }
}
