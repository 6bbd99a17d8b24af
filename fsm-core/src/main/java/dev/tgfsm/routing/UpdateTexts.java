package dev.tgfsm.routing;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Extracts the text a route's pattern is matched against.
 */
final class UpdateTexts {

    private UpdateTexts() {
    }

    /** A message's text or caption, an inline query's query, a callback query's data, else null. */
    static @Nullable String textOf(Update update) {
        Message message = update.getMessage() != null ? update.getMessage() : update.getEditedMessage();
        if (message != null) {
            return message.getText() != null ? message.getText() : message.getCaption();
        }
        if (update.getCallbackQuery() != null) {
            return update.getCallbackQuery().getData();
        }
        if (update.getInlineQuery() != null) {
            return update.getInlineQuery().getQuery();
        }
        return null;
    }

    /** The text of a new message only (commands are never taken from captions or edits). */
    static @Nullable String messageText(Update update) {
        return update.getMessage() != null ? update.getMessage().getText() : null;
    }
}
