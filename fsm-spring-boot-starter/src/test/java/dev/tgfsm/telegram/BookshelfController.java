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

    /** What a button does. */
    public enum Action { VIEW, DELETE }

    // the README's typed-callback snippet, as written there

    @CallbackPrefix("bk")
    public record BookAction(Action action, int id, String title) {
    }

    @OnCommand("shelf")
    public SendMessage shelf(Director director) {
        String title = "Faust: Der Tragödie erster Teil";
        return SendMessage.builder().chatId(director.chatId()).text("Your shelf")
                .replyMarkup(new InlineKeyboardMarkup(List.of(new InlineKeyboardRow(
                        CallbackCodec.button("View", new BookAction(Action.VIEW, 7, title)),
                        CallbackCodec.button("Delete", new BookAction(Action.DELETE, 7, title))))))
                .build();
    }

    @OnCallback(type = BookAction.class, where = "action=delete")
    public String delete(BookAction book) {
        return "deleted " + book.id();
    }

    @OnCallback(type = BookAction.class)
    public String other(BookAction book, CallbackQuery query) {
        return book.action() + " " + book.id() + " " + book.title() + " (" + query.getData() + ")";
    }

    // end of the README's snippet

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
