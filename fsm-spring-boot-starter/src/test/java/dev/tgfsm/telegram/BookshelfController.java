package dev.tgfsm.telegram;

import java.util.List;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.CommandArgs;
import dev.tgfsm.annotation.Fallback;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.callback.CallbackCodec;
import dev.tgfsm.callback.CallbackPrefix;
import dev.tgfsm.scope.Director;

/**
 * A bookshelf whose buttons carry typed callback data, for the typed-callback end-to-end test.
 */
@BotController
public class BookshelfController {

    /** The title of the one book, with the separator and multibyte text in it. */
    public static final String TITLE = "Faust: Der Tragödie erster Teil – 100%";

    /** What a button does. */
    public enum Action {
        /** Shows the book. */
        VIEW,
        /** Deletes the book. */
        DELETE
    }

    /**
     * A button's data.
     *
     * @param action what to do
     * @param id the book
     * @param title the book's title
     */
    @CallbackPrefix("bk")
    public record BookAction(Action action, int id, String title) {
    }

    /**
     * Sends the shelf with a button per action.
     *
     * @param director the update
     * @return the message with the keyboard
     */
    @OnCommand("shelf")
    public SendMessage shelf(Director director) {
        return SendMessage.builder().chatId(director.chatId()).text("Your shelf")
                .replyMarkup(new InlineKeyboardMarkup(List.of(new InlineKeyboardRow(
                        CallbackCodec.button("View", new BookAction(Action.VIEW, 7, TITLE)),
                        CallbackCodec.button("Delete", new BookAction(Action.DELETE, 7, TITLE))))))
                .build();
    }

    /**
     * Any action but the ones with their own handler.
     *
     * @param book the button's record
     * @param query the callback query
     * @return the reply
     */
    @OnCallback(type = BookAction.class)
    public String other(BookAction book, CallbackQuery query) {
        return book.action() + " " + book.id() + " " + book.title() + " (" + query.getData() + ")";
    }

    /**
     * Deletes a book.
     *
     * @param book the button's record
     * @return the reply
     */
    @OnCallback(type = BookAction.class, where = "action=delete")
    public String delete(BookAction book) {
        return "deleted " + book.id();
    }

    /**
     * Answers a ping with its argument.
     *
     * @param args the argument
     * @return the reply
     */
    @OnCommand("ping")
    public String ping(@CommandArgs String args) {
        return "pong " + args;
    }

    /**
     * Answers what nothing else handles.
     *
     * @return the reply
     */
    @Fallback
    public String fallback() {
        return "fallback";
    }
}
